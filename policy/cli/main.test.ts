import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "./main";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lint-"));
  mkdirSync(join(dir, "apps"));
  writeFileSync(
    join(dir, "apps", "web.yaml"),
    [
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: team}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      hostNetwork: true\n      containers: [{name: web, image: 'nginx:1.29.3'}]",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: team}\ndata: {url: 'http://10.0.0.9:8080'}",
    ].join("\n---\n"),
  );
  writeFileSync(join(dir, "broken.yml"), "kind: ConfigMap\nmetadata: {name: [\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lint(...args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(
    ["lint", ...args],
    (t) => (out += t),
    (t) => (err += t),
  );
  return { code, out, err };
}

it("reads directories recursively and exits 1 on mandatory findings", () => {
  const { code, out } = lint(join(dir, "apps"));
  expect(code).toBe(1);
  expect(out).toMatch(/Deployment team\/web \(.*web.yaml:1\)/);
  expect(out).toMatch(/ConfigMap team\/cfg[\s\S]*contract-no-hardcoded-ips: data.url points at 10.0.0.9/);
});

it("reports a malformed file with its line, still checks the others, and exits 2", () => {
  const { code, out } = lint(dir);
  expect(code).toBe(2);
  expect(out).toMatch(/error: .*broken.yml:3: unexpected end of the stream within a flow collection/);
  expect(out).toMatch(/Deployment team\/web/);
});

it("prints JSON findings with the documented fields", () => {
  const { out } = lint("--format", "json", join(dir, "apps"));
  const report = JSON.parse(out);
  expect(report.findings[0]).toEqual({
    policy: expect.any(String),
    enforcementLevel: expect.stringMatching(/mandatory|advisory/),
    kind: expect.any(String),
    namespace: "team",
    name: expect.any(String),
    file: expect.stringContaining("web.yaml"),
    message: expect.any(String),
  });
  expect(report.summary).toMatchObject({ objects: 2, files: 1 });
});

it("selects a PSS profile alone, restricted including baseline", () => {
  const baseline = JSON.parse(lint("--format", "json", "--select", "pss-baseline", join(dir, "apps")).out);
  expect(new Set(baseline.findings.map((f: any) => f.policy))).toEqual(new Set(["pss-baseline-host-namespaces"]));
  const restricted = JSON.parse(lint("--format", "json", "--select", "pss-restricted", join(dir, "apps")).out);
  expect(restricted.findings.map((f: any) => f.policy)).toEqual(expect.arrayContaining(["pss-baseline-host-namespaces", "pss-restricted-seccomp"]));
  expect(restricted.findings.every((f: any) => f.policy.startsWith("pss-") || f.policy === "contract-run-as-non-root")).toBe(true);
});

it("writes SARIF for code scanning", () => {
  const sarif = JSON.parse(lint("--format", "sarif", join(dir, "apps")).out);
  expect(sarif.version).toBe("2.1.0");
  const result = sarif.runs[0].results[0];
  expect(result).toMatchObject({ ruleId: expect.any(String), level: expect.stringMatching(/error|warning/), locations: [{ physicalLocation: { region: { startLine: expect.any(Number) } } }] });
  expect(sarif.runs[0].tool.driver.rules.length).toBeGreaterThan(30);
});

it("takes enforcement levels from a config file", () => {
  const config = join(dir, "lint-config.yaml");
  writeFileSync(config, "policies:\n  contract-no-hardcoded-ips: disabled\n  pss-baseline-host-namespaces: advisory\n");
  const report = JSON.parse(lint("--format", "json", "--config", config, "--select", "contract-no-hardcoded-ips,pss-baseline-host-namespaces", join(dir, "apps")).out);
  expect(report.findings.map((f: any) => [f.policy, f.enforcementLevel])).toEqual([["pss-baseline-host-namespaces", "advisory"]]);
  expect(lint("--config", config, "--select", "contract-no-hardcoded-ips,pss-baseline-host-namespaces", join(dir, "apps")).code).toBe(0);
});

it.each([
  [["--format", "xml", "x"], /--format xml: accepted are text, json, sarif/],
  [["--select", "nonsense", "x"], /no policy has that name or tag/],
  [["--k8s-version", "v1", "x"], /--k8s-version v1: accepted is a version such as 1.31/],
  [[], /no files or directories given/],
])("refuses bad usage %j with exit 2", (args, message) => {
  const { code, err } = lint(...args);
  expect(code).toBe(2);
  expect(err).toMatch(message);
});

describe("the Pod Security version of the linted Namespaces", () => {
  let versions: string;
  beforeAll(() => {
    versions = join(dir, "versions");
    mkdirSync(versions);
    writeFileSync(join(versions, "namespace.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n  labels: {pod-security.kubernetes.io/enforce-version: v1.34}\n");
    writeFileSync(
      join(versions, "pod.yaml"),
      "apiVersion: v1\nkind: Pod\nmetadata: {name: probe, namespace: team}\nspec:\n  containers:\n  - name: app\n    image: 'nginx:1.29.3'\n    livenessProbe: {tcpSocket: {port: 80, host: db.example.internal}}\n",
    );
  });
  const hostProbes = (...args: string[]) => JSON.parse(lint("--format", "json", "--select", "pss-baseline-host-probes", ...args, versions).out).findings;

  it("judges pods with their Namespace's enforce-version label, from another file", () => {
    expect(hostProbes()).toEqual([expect.objectContaining({ name: "probe", message: expect.stringMatching(/livenessProbe.tcpSocket sets a host/) })]);
  });
  it("lets --k8s-version or the config's kubernetesVersion override the label", () => {
    expect(hostProbes("--k8s-version", "1.33")).toEqual([]);
    const config = join(dir, "version-config.yaml");
    writeFileSync(config, 'kubernetesVersion: "1.33"\n');
    expect(hostProbes("--config", config)).toEqual([]);
  });
});

it("applies stack rules to all linted files together", () => {
  const stackDir = join(dir, "stack");
  mkdirSync(stackDir);
  writeFileSync(
    join(stackDir, "deployment.yaml"),
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: team}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      serviceAccountName: api\n      containers: [{name: api, image: 'ghcr.io/acme/api:1.0.0', ports: [{name: http, containerPort: 8080}]}]\n",
  );
  writeFileSync(
    join(stackDir, "service.yaml"),
    "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: team}\nspec:\n  selector: {app: api}\n  ports: [{name: http, port: 80, targetPort: web}]\n",
  );
  const select = "stack-service-target-port,stack-service-account-exists";
  const findings = JSON.parse(lint("--format", "json", "--select", select, stackDir).out).findings;
  expect(findings.map((f: any) => [f.policy, f.kind, f.enforcementLevel])).toEqual([
    ["stack-service-target-port", "Service", "mandatory"],
    ["stack-service-account-exists", "Deployment", "advisory"],
  ]);
  writeFileSync(join(stackDir, "account.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: team}\n");
  expect(JSON.parse(lint("--format", "json", "--select", select, stackDir).out).findings.map((f: any) => f.policy)).toEqual(["stack-service-target-port"]);
});

describe("help, version and standard input", () => {
  const run = (args: string[], stdin = "") => {
    let out = "";
    let err = "";
    const code = main(
      args,
      (t) => (out += t),
      (t) => (err += t),
      () => stdin,
    );
    return { code, out, err };
  };

  it.each([["--help"], ["-h"], ["lint", "--help"]])("answers %j with the usage, the options and the exit codes, and exits 0", (...args) => {
    const { code, out } = run(args);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: lakehouse-contract lint/);
    expect(out).toMatch(/--format .*sarif/);
    expect(out).toMatch(/Exit codes: 0 no mandatory finding, 1 mandatory findings, 2 usage or read errors/);
  });

  it("prints the pack's version from its package.json", () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8"));
    expect(run(["--version"])).toEqual({ code: 0, out: `lakehouse-contract ${version}`, err: "" });
  });

  it("lints standard input for -, beside files, naming it <stdin>", () => {
    const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: host, namespace: team}\nspec:\n  hostPID: true\n  containers: [{name: app, image: 'nginx:1.29.3'}]\n";
    const { code, out } = run(["lint", "--format", "json", "--select", "pss-baseline-host-namespaces", "-", join(dir, "apps")], pod);
    expect(code).toBe(1);
    const findings = JSON.parse(out).findings.map((f: { name: string; file: string }) => [f.name, f.file]);
    expect(findings).toEqual(
      expect.arrayContaining([
        ["host", "<stdin>"],
        ["web", join(dir, "apps", "web.yaml")],
      ]),
    );
  });
});
