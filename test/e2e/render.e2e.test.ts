// npm run render: a stack's objects as plain YAML for GitOps, checked against the local control
// plane's API server (kubectl apply --server-side --dry-run=server), with every Secret left out.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";
import { KUBECONFIG, REPO, scratch, TOOLCHAIN } from "./engine";
import { filesUnder } from "./files";

const run = promisify(execFile);
const CHARTS = join(TOOLCHAIN, "charts");
const kubectl = (args: string[]) => run(join(TOOLCHAIN, "bin", "kubectl"), ["--kubeconfig", KUBECONFIG, ...args], { maxBuffer: 64 * 1024 * 1024 });

const objectsIn = (file: string) => parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } });

jest.setTimeout(15 * 60_000);

describe("npm run ci:lint (npm run render of every stack, then the pack's lint as SARIF)", () => {
  const work = scratch();
  const out = join(REPO, ".ci-out", "render", "dev");
  let files: string[];
  let secretsListed: string[];
  let prerequisites: string[] = [];

  beforeAll(async () => {
    // The npm script the pull-request workflow runs: renders dev, staging and prod, lints them.
    const { stdout } = await run("npm", ["run", "--silent", "ci:lint"], { cwd: REPO, env: { ...process.env, LAKEHOUSE_CHARTS: CHARTS }, maxBuffer: 64 * 1024 * 1024 });
    console.log(stdout.trim());
    files = filesUnder(out);
    secretsListed = readFileSync(join(out, "SECRETS.txt"), "utf8")
      .split("\n")
      .filter((line) => line && !line.startsWith("#"));
  });

  afterAll(async () => {
    if (prerequisites.length) await kubectl(["delete", "--wait=true", "--ignore-not-found", "--timeout=180s", ...prerequisites.flatMap((file) => ["-f", join(out, file)])]);
    work.cleanup();
  });

  it("lints every stack's objects with no mandatory finding, as SARIF naming the policy and the file", () => {
    const sarif = JSON.parse(readFileSync(join(REPO, ".ci-out", "lint.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    const results: Array<{ level: string; ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> = sarif.runs[0].results;
    expect(results.filter((r) => r.level === "error")).toEqual([]);
    for (const stack of ["dev", "staging", "prod"]) expect(results.some((r) => r.locations[0].physicalLocation.artifactLocation.uri.includes(`render/${stack}/`))).toBe(true);
    // prod's external credentials are stand-ins on the scratch stack; they feed only Secrets.
    const renders = join(REPO, ".ci-out", "render");
    for (const file of filesUnder(renders)) expect(readFileSync(join(renders, file), "utf8")).not.toContain("render-stand-in");
  });

  it("writes one object per file, named <namespace>/<kind>-<name>.yaml, and no Secret", () => {
    const yamlFiles = files.filter((file) => file.endsWith(".yaml"));
    expect(yamlFiles.length).toBeGreaterThan(150);
    for (const file of yamlFiles) {
      const objects = objectsIn(join(out, file));
      expect(objects).toHaveLength(1);
      const [object] = objects;
      expect(object.kind).not.toBe("Secret");
      expect(file).toBe(`${(object.metadata.namespace ?? "_cluster").replace(/[^A-Za-z0-9._-]/g, "_")}/${object.kind.toLowerCase()}-${object.metadata.name.replace(/[^A-Za-z0-9._-]/g, "_")}.yaml`);
    }
    // The three charts' objects are there too (templated for the stack's Kubernetes version).
    expect(yamlFiles).toEqual(
      expect.arrayContaining([
        "lakehouse-edge/deployment-traefik.yaml",
        "lakehouse-cert-manager/deployment-cert-manager.yaml",
        "_cluster/customresourcedefinition-servicemonitors.monitoring.coreos.com.yaml",
      ]),
    );
  });

  it("lists the Secrets it left out, and writes no credential anywhere", () => {
    expect(secretsListed).toEqual(
      expect.arrayContaining(["lakehouse-platform/postgres-superuser", "lakehouse-platform/trino-admin", "lakehouse-workflows/airflow-keys", "lakehouse-platform/garage-node-keys"]),
    );
    for (const file of files) {
      const text = readFileSync(join(out, file), "utf8");
      expect(text).not.toMatch(/^kind: Secret$/m);
      expect(text).not.toMatch(/stringData:/);
    }
  });

  it("applies cleanly on the local control plane: kubectl apply --server-side --dry-run=server", async () => {
    // What a dry run cannot stand in for: the CRDs its custom resources need, and the
    // namespaces its objects go in. Those are applied for real first (and deleted after).
    prerequisites = files.filter((file) => /^_cluster\/(customresourcedefinition|namespace)-/.test(file));
    await kubectl(["apply", "--server-side", "--field-manager=render-e2e", ...prerequisites.flatMap((file) => ["-f", join(out, file)])]);
    await kubectl(["wait", "--for=condition=Established", "--timeout=120s", ...prerequisites.filter((f) => f.includes("customresourcedefinition")).flatMap((file) => ["-f", join(out, file)])]);
    const { stdout } = await kubectl(["apply", "--server-side", "--dry-run=server", "--field-manager=render-e2e", "--recursive", "-f", out]);
    expect(stdout.trim().split("\n").length).toBe(files.filter((file) => file.endsWith(".yaml")).length);
  });
});
