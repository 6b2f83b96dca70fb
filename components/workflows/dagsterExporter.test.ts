// The exporter script as the sidecar runs it (python3, standard library), against a stand-in for
// the webserver's GraphQL API that answers as Dagster 1.11 does.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAGSTER_EXPORTER, RUN_STATUSES } from "./dagsterExporter";

let graphql: Server;
let exporter: ChildProcess;
let metricsPort: number;
let answer: (query: string) => unknown;
const queries: string[] = [];

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function scrape(): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

beforeAll(async () => {
  graphql = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const { query } = JSON.parse(body);
      queries.push(query);
      response.setHeader("Content-Type", "application/json");
      response.end(JSON.stringify(answer(query)));
    });
  }).listen(0, "127.0.0.1");
  await new Promise((resolve) => graphql.once("listening", resolve));
  const script = join(mkdtempSync(join(tmpdir(), "dagster-exporter-")), "dagster_exporter.py");
  writeFileSync(script, DAGSTER_EXPORTER);
  metricsPort = await freePort();
  const url = `http://127.0.0.1:${(graphql.address() as AddressInfo).port}/graphql`;
  exporter = spawn("python3", [script], { env: { ...process.env, DAGSTER_GRAPHQL_URL: url, METRICS_PORT: String(metricsPort) }, stdio: "ignore" });
});

afterAll(() => {
  exporter?.kill();
  graphql?.close();
});

const healthy = (query: string) => {
  const data: Record<string, unknown> = {
    instance: {
      daemonHealth: {
        allDaemonStatuses: [
          { daemonType: "SCHEDULER", healthy: true, required: true },
          { daemonType: "QUEUED_RUN_COORDINATOR", healthy: false, required: true },
          { daemonType: "BACKFILL", healthy: false, required: false },
        ],
      },
    },
  };
  // Each alias of the query, answered with a count of its own.
  for (const [, alias] of query.matchAll(/ (\w+): runsOrError/g)) data[alias] = { count: alias === "success" ? 12 : alias === "failure" ? 2 : 0 };
  return { data };
};

it("serves runs by status and required daemons' health, from one GraphQL query per scrape", async () => {
  answer = healthy;
  const text = await scrape();
  expect(text).toContain("dagster_up 1\n");
  expect(text).toContain('dagster_runs{status="SUCCESS"} 12\n');
  expect(text).toContain('dagster_runs{status="FAILURE"} 2\n');
  for (const status of RUN_STATUSES) expect(text).toContain(`dagster_runs{status="${status}"}`);
  expect(text).toContain('dagster_daemon_healthy{daemon_type="SCHEDULER"} 1\n');
  expect(text).toContain('dagster_daemon_healthy{daemon_type="QUEUED_RUN_COORDINATOR"} 0\n');
  expect(text).not.toContain("BACKFILL");
  expect(queries.at(-1)).toContain("success: runsOrError(filter: {statuses: [SUCCESS]}) { ... on Runs { count } }");
});

it("still answers, with dagster_up 0, when Dagster does not", async () => {
  answer = () => ({ errors: [{ message: "the instance is not ready" }] });
  const text = await scrape();
  expect(text).toContain("dagster_up 0\n");
  expect(text).not.toContain("dagster_runs{");
  expect(text).toMatch(/dagster_scrape_duration_seconds \d/);
});
