// Trino's client protocol over HTTP (POST /v1/statement, then follow nextUri), as the CLI and
// drivers speak it: enough to run a statement and read all its rows.
export interface TrinoResult {
  columns: string[];
  rows: unknown[][];
}

export async function trinoQuery(server: string, sql: string, headers: Record<string, string>, timeoutMs = 300_000): Promise<TrinoResult> {
  const deadline = Date.now() + timeoutMs;
  let response = await fetch(`${server}/v1/statement`, { method: "POST", body: sql, headers: { "X-Trino-Source": "lakehouse-dataplane-test", ...headers } });
  const rows: unknown[][] = [];
  let columns: string[] = [];
  for (;;) {
    if (!response.ok) throw new Error(`Trino answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    const body: any = await response.json();
    if (body.error) throw new Error(`Trino: ${body.error.message}`);
    if (body.columns) columns = body.columns.map((c: any) => c.name);
    if (body.data) rows.push(...body.data);
    if (!body.nextUri) return { columns, rows };
    if (Date.now() > deadline) throw new Error(`query did not finish within ${timeoutMs / 1000} s: ${sql}`);
    response = await fetch(body.nextUri, { headers });
  }
}
