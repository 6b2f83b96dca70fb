// The policy pack stands alone: policy/ copied by itself to a temporary directory, installed from
// its own package.json and lockfile, built, then used twice: its lint CLI on manifests, and as
// `pulumi preview --policy-pack <that copy>`, which must block a non-compliant program.
import { execFile, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { engineEnv, openInlineStack, REPO, scratch, step } from "./engine";
import { rootDeployment } from "./probePrograms";

const run = promisify(execFile);
const work = scratch();
const pack = join(work.dir, "pack");
afterAll(() => work.cleanup());

const ROOT_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: root, namespace: default }
spec:
  selector: { matchLabels: { app: root } }
  template:
    metadata: { labels: { app: root } }
    spec:
      securityContext: { runAsUser: 0 }
      containers: [{ name: app, image: "busybox:1.37.0" }]
`;

beforeAll(async () => {
  // policy/ alone: no node_modules, no build, nothing from the repository around it.
  cpSync(join(REPO, "policy"), pack, { recursive: true, filter: (source) => !/\/(node_modules|dist)(\/|$)/.test(source) });
  const started = Date.now();
  await run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: pack, maxBuffer: 64 * 1024 * 1024 });
  await run("npm", ["run", "build"], { cwd: pack });
  console.log(`[e2e] standalone pack: npm ci and build in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 600_000);

it("lints manifests with its own CLI, compiled: a root Deployment fails by the contract's rule, exit 1", () => {
  mkdirSync(join(work.dir, "manifests"));
  writeFileSync(join(work.dir, "manifests", "root.yaml"), ROOT_DEPLOYMENT);
  const version = spawnSync("node", [join(pack, "cli", "bin.js"), "--version"], { encoding: "utf8" });
  expect(version.stdout.trim()).toBe("lakehouse-contract 0.1.0");
  const lint = spawnSync("node", [join(pack, "cli", "bin.js"), "lint", join(work.dir, "manifests")], { cwd: work.dir, encoding: "utf8" });
  expect(lint.status).toBe(1);
  expect(lint.stdout).toMatch(/Deployment default\/root/);
  expect(lint.stdout).toMatch(/FAIL\s+contract-run-as-non-root: container "app" runs as user 0/);
});

it("blocks a non-compliant program as `pulumi preview --policy-pack <the copy>`, naming the policy", async () => {
  const stack = await openInlineStack("standalone-pack-probe", rootDeployment, work.dir, engineEnv(work.dir));
  const mandatory: string[] = [];
  const attempt = step("preview --policy-pack <standalone copy>", () =>
    stack.preview({ policyPacks: [pack], onEvent: (e) => e.policyEvent?.enforcementLevel === "mandatory" && mandatory.push(e.policyEvent.policyName) }),
  );
  await expect(attempt).rejects.toThrow(/contract-run-as-non-root/);
  expect(mandatory).toEqual(expect.arrayContaining(["contract-run-as-non-root", "contract-liveness-readiness-probes"]));
}, 600_000);
