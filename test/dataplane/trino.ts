// Trino's client protocol over HTTP (POST /v1/statement, then follow nextUri), as the CLI and
// drivers speak it: enough to run a statement and read all its rows.
export interface TrinoResult {
  columns: string[];
  rows: unknown[][];
}

/** One HTTP exchange: fetch by default; the edge tests send through curl (edge.ts). */
export type Send = (url: string, method: "GET" | "POST", headers: Record<string, string>, body?: string) => Promise<{ status: number; body: string }>;

const fetchSend: Send = async (url, method, headers, body) => {
  const response = await fetch(url, { method, headers, body });
  return { status: response.status, body: await response.text() };
};

export async function trinoQuery(server: string, sql: string, headers: Record<string, string>, timeoutMs = 300_000, send: Send = fetchSend): Promise<TrinoResult> {
  const deadline = Date.now() + timeoutMs;
  let response = await send(`${server}/v1/statement`, "POST", { "X-Trino-Source": "lakehouse-dataplane-test", ...headers }, sql);
  const rows: unknown[][] = [];
  let columns: string[] = [];
  for (;;) {
    if (response.status < 200 || response.status > 299) throw new Error(`Trino answered ${response.status}: ${response.body.slice(0, 500)}`);
    const body: any = JSON.parse(response.body);
    if (body.error) throw new Error(`Trino: ${body.error.message}`);
    if (body.columns) columns = body.columns.map((c: any) => c.name);
    if (body.data) rows.push(...body.data);
    if (!body.nextUri) return { columns, rows };
    if (Date.now() > deadline) throw new Error(`query did not finish within ${timeoutMs / 1000} s: ${sql}`);
    response = await send(body.nextUri, "GET", headers);
  }
}
