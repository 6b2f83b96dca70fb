import { spawnSync } from "node:child_process";
import { EXAMPLE_DAG, PUBLISH_SCRIPT } from "./airflowExample";

// Both run under the image's Python: they must at least compile (the data-plane suite runs them).
it.each([
  ["the example DAG", EXAMPLE_DAG],
  ["the upload script", PUBLISH_SCRIPT],
])("%s is valid Python", (_, source) => {
  const compiled = spawnSync("python3", ["-c", "import sys; compile(sys.stdin.read(), 'source.py', 'exec')"], { input: source, encoding: "utf8" });
  expect(compiled.stderr).toBe("");
  expect(compiled.status).toBe(0);
});

it("writes to the example schema and checks its own run's rows, so runs never read each other's", () => {
  expect(EXAMPLE_DAG).toContain('TABLE = "iceberg.lakehouse_examples.airflow_runs"');
  expect(EXAMPLE_DAG).toMatch(/WHERE run_id = '\{appended_for\}'/);
  // Airflow refuses a TaskFlow argument named like a context key (run_id, ds, ...).
  expect(EXAMPLE_DAG).not.toMatch(/def \w+\([^)]*\brun_id\b/);
});

it("appends only once the table exists, and reads back only what it appended", () => {
  expect(EXAMPLE_DAG).toContain("create_table() >> rows");
  expect(EXAMPLE_DAG).toContain("read_back(rows)");
});
