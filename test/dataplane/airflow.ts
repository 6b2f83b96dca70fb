// Airflow's public REST API (v2) as a user reaches it: a JWT from the FAB auth manager's
// /auth/token for the admin the admin-user Task created, then the DAG, DAG-run and task-instance
// endpoints. The password stays in memory, in the request body only.
import { curl, waitFor } from "./cluster";

export interface AirflowApi {
  get(path: string): Promise<any>;
  send(method: "POST" | "PATCH", path: string, body: unknown): Promise<any>;
}

/** Logs in as `username` at `baseUrl` (http://<address>:8080) and returns a client for /api/v2. */
export async function airflowApi(baseUrl: string, username: string, password: string): Promise<AirflowApi> {
  const login = JSON.parse(await curl(["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-", `${baseUrl}/auth/token`], JSON.stringify({ username, password })));
  if (typeof login.access_token !== "string") throw new Error(`/auth/token answered no access_token (keys: ${Object.keys(login).join(", ")})`);
  // The token and any body go to curl in a config on its standard input: never in argv or an error message.
  const quoted = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const auth = `header = ${quoted(`Authorization: Bearer ${login.access_token}`)}\n`;
  return {
    get: async (path) => JSON.parse(await curl(["--config", "-", `${baseUrl}/api/v2${path}`], auth)),
    send: async (method, path, body) =>
      JSON.parse(await curl(["--config", "-", "-X", method, "-H", "Content-Type: application/json", `${baseUrl}/api/v2${path}`], `${auth}data-binary = ${quoted(JSON.stringify(body))}\n`)),
  };
}

/** Unpauses a DAG, triggers one run and waits for it to end; returns the run and its task instances. */
export async function runDag(api: AirflowApi, dagId: string, timeoutMs: number): Promise<{ run: any; tasks: any[] }> {
  await api.send("PATCH", `/dags/${dagId}`, { is_paused: false });
  const triggered = await api.send("POST", `/dags/${dagId}/dagRuns`, { logical_date: null });
  const path = `/dags/${dagId}/dagRuns/${encodeURIComponent(triggered.dag_run_id)}`;
  const run = await waitFor(
    `DAG run ${triggered.dag_run_id} to end`,
    async () => {
      const r = await api.get(path);
      return ["success", "failed"].includes(r.state) ? r : undefined;
    },
    timeoutMs,
    5000,
  );
  const tasks = (await api.get(`${path}/taskInstances`)).task_instances as any[];
  return { run, tasks };
}

/** The log of each task instance that did not succeed, read through the API, for a failure's message. */
export async function failedTaskLogs(api: AirflowApi, dagId: string, run: any, tasks: any[]): Promise<string> {
  const failed = tasks.filter((t) => t.state !== "success");
  const logs = await Promise.all(
    failed.map(async (t) => {
      const path = `/dags/${dagId}/dagRuns/${encodeURIComponent(run.dag_run_id)}/taskInstances/${t.task_id}/logs/${t.try_number}?full_content=true`;
      const log = await api.get(path).catch((error: Error) => ({ content: [`(no log: ${error.message})`] }));
      const lines = Array.isArray(log.content)
        ? log.content.map((entry: any) => (typeof entry === "string" ? entry : [entry.event, entry.error_detail && JSON.stringify(entry.error_detail)].filter(Boolean).join(" ")))
        : [String(log.content)];
      return `--- ${t.task_id} (${t.state}) ---\n${lines.slice(-60).join("\n")}`;
    }),
  );
  return logs.join("\n");
}
