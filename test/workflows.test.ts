// The GitHub workflows: valid for actionlint (built into the toolchain cache), and made of npm
// scripts only, each of which the test suite runs too, so a workflow cannot drift from what is tested.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

const ROOT = join(__dirname, "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");
const ACTIONS = join(ROOT, ".github", "actions");
const files = readdirSync(WORKFLOWS).filter((file) => file.endsWith(".yml"));
const workflows = files.map((file) => ({ file, doc: parse(readFileSync(join(WORKFLOWS, file), "utf8")) as Workflow }));
// The local composite actions the workflows share (setup, cloud-login): their steps count as the workflows'.
const actions = readdirSync(ACTIONS).map((name) => ({ file: `actions/${name}/action.yml`, doc: parse(readFileSync(join(ACTIONS, name, "action.yml"), "utf8")) as { runs: { steps: Step[] } } }));
const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

interface Step {
  run?: string;
  uses?: string;
}
interface Job {
  steps?: Step[];
  uses?: string;
  environment?: string;
  concurrency?: { group: string };
  permissions?: Record<string, string>;
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

// Where the suite runs each script a workflow calls (the file must name it, and run it).
const RUN_BY: Record<string, string> = {
  test: ".ci/run",
  "ci:lint": "test/e2e/render.e2e.test.ts",
  "ci:identity": "test/ci.test.ts",
  "ci:preview": "test/e2e/platform.e2e.test.ts",
  "ci:deploy": "test/e2e/platform.e2e.test.ts",
  "ci:drift": "test/e2e/platform.e2e.test.ts",
};

const steps = [
  ...workflows.flatMap(({ file, doc }) => Object.values(doc.jobs).flatMap((job) => (job.steps ?? []).map((step) => ({ file, step })))),
  ...actions.flatMap(({ file, doc }) => doc.runs.steps.map((step) => ({ file, step }))),
];
const runs = steps.flatMap(({ file, step }) => (step.run ? [{ file, run: step.run.trim() }] : []));
/** The npm script a run: line calls ("npm test" is the test script). */
const scriptOf = (run: string) => /^npm (?:run (?:--silent )?([\w:-]+)|(test))\b/.exec(run)?.slice(1).find(Boolean);

let actionlint: string;
beforeAll(() => {
  actionlint = execFileSync("bash", [join(ROOT, "scripts/toolchain/go-tool.sh"), "actionlint"], { encoding: "utf8" }).trim();
}, 300_000);

it("has the four workflows: pull request, deploy (with its per-stack job) and nightly drift, and their two shared actions", () => {
  expect(files.sort()).toEqual(["deploy-stack.yml", "deploy.yml", "drift.yml", "pull-request.yml"]);
  expect(actions.map((a) => a.file).sort()).toEqual(["actions/cloud-login/action.yml", "actions/setup/action.yml"]);
  // Every job that logs in to a cloud may ask GitHub for an OIDC token.
  for (const { file, doc } of workflows) {
    for (const [name, job] of Object.entries(doc.jobs)) {
      if (!job.steps?.some((step) => step.uses === "./.github/actions/cloud-login")) continue;
      expect({ file, name, idToken: job.permissions?.["id-token"] ?? doc.permissions?.["id-token"] }).toEqual({ file, name, idToken: "write" });
    }
  }
});

it("passes actionlint", () => {
  const result = spawnSync(actionlint, ["-color=false", ...files.map((file) => join(WORKFLOWS, file))], { encoding: "utf8" });
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
});

it("fails actionlint when a workflow is broken (the check can fail)", () => {
  const dir = mkdtempSync(join(tmpdir(), "workflow-"));
  const broken = readFileSync(join(WORKFLOWS, "pull-request.yml"), "utf8").replace("matrix.stack", "matrix.stak");
  writeFileSync(join(dir, "broken.yml"), broken);
  const result = spawnSync(actionlint, ["-color=false", join(dir, "broken.yml")], { encoding: "utf8" });
  expect(result.status).not.toBe(0);
  expect(result.stdout).toMatch(/stak/);
});

it("runs nothing but npm ci and npm scripts that exist", () => {
  expect(runs.length).toBeGreaterThan(5);
  for (const { file, run } of runs) {
    if (run.startsWith("npm ci ")) continue;
    const script = scriptOf(run);
    expect({ file, run, script: script && scripts[script] ? script : undefined }).toEqual({ file, run, script: expect.any(String) });
  }
});

it("calls only scripts the test suite runs as well", () => {
  const called = [...new Set(runs.map(({ run }) => scriptOf(run)).filter((s): s is string => s !== undefined))].sort();
  expect(called).toEqual(Object.keys(RUN_BY).sort());
  for (const [script, file] of Object.entries(RUN_BY)) {
    expect(readFileSync(join(ROOT, file), "utf8")).toContain(script === "test" ? "npm test" : `"${script}"`);
  }
});

it("keeps deploys of one stack apart and behind its environment, with OIDC and no stored cloud key", () => {
  const deploy = workflows.find(({ file }) => file === "deploy-stack.yml")!.doc.jobs.deploy;
  expect(deploy.environment).toBe("${{ inputs.stack }}");
  expect(deploy.concurrency?.group).toBe("lakehouse-${{ inputs.stack }}");
  const stacks = Object.values(workflows.find(({ file }) => file === "deploy.yml")!.doc.jobs).map((job) => (job as { with?: { stack: string } }).with?.stack);
  expect(stacks).toEqual(["dev", "staging", "prod"]);
  for (const file of [...files.map((f) => join(WORKFLOWS, f)), ...actions.map((a) => join(ROOT, ".github", a.file))]) {
    const text = readFileSync(file, "utf8");
    expect({ file, secrets: text.match(/secrets\.[A-Z_]+/g) ?? [] }).toEqual({ file, secrets: [] });
  }
});
