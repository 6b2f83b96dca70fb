// The program through the real engine on the local control plane: preview with the policy pack,
// up with the provider's await logic, idempotency, refresh, the kind code path, and destroy.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PreviewResult, Stack } from "@pulumi/pulumi/automation";
import * as k8s from "@pulumi/kubernetes";
import { parse } from "yaml";
import { render } from "../../scripts/render";
import { servicePolicyName } from "../../components/foundation/servicePolicies";
import type { ServiceName } from "../../stacks";
import { filesUnder } from "./files";
import { rootDeployment } from "./probePrograms";
import { engineEnv, KUBECONFIG, kubectl, openInlineStack, openStack, REPO, scratch, step } from "./engine";

const PART_OF = "app.kubernetes.io/part-of=lakehouse";
const work = scratch();
afterAll(() => work.cleanup());

async function previewWithPolicies(stack: Stack): Promise<{ result: PreviewResult; mandatory: string[]; advisory: string[] }> {
  const mandatory: string[] = [];
  const advisory: string[] = [];
  const result = await step("preview --policy-pack ./policy", () =>
    stack.preview({
      policyPacks: [join(REPO, "policy")],
      onEvent: (event) => {
        const policy = event.policyEvent;
        if (policy) (policy.enforcementLevel === "mandatory" ? mandatory : advisory).push(`${policy.policyName}: ${policy.message}`);
      },
    }),
  );
  if (advisory.length) console.log(`[e2e] advisories:\n  ${advisory.join("\n  ")}`);
  return { result, mandatory, advisory };
}

async function lakehouseLeft(): Promise<string[]> {
  const namespaces = await kubectl(["get", "namespaces", "--selector", PART_OF]);
  const classes = await kubectl(["get", "storageclasses", "--selector", PART_OF]);
  return [...namespaces.items, ...classes.items].filter((o: any) => !o.metadata.deletionTimestamp).map((o: any) => `${o.kind}/${o.metadata.name}`);
}

beforeAll(async () => {
  const leftovers = await lakehouseLeft();
  if (leftovers.length) throw new Error(`the local cluster holds lakehouse objects from an earlier run (${leftovers.join(", ")}): run npm run cluster:down first`);
}, 60_000);

describe("the e2e stack (existing cluster) through the real engine", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await openStack("e2e", work.dir, engineEnv(work.dir));
  }, 120_000);

  it("previews with the policy pack and no mandatory violation", async () => {
    const { mandatory } = await previewWithPolicies(stack);
    expect(mandatory).toEqual([]);
  }, 600_000);

  it("deploys with the provider's real await logic", async () => {
    const result = await step("up", () => stack.up({ onOutput: () => undefined }));
    expect(result.summary.result).toBe("succeeded");
  }, 900_000);

  it("created the namespaces, quotas, network policies, storage class, ServiceAccounts, RBAC and Secrets", async () => {
    const outputs = await stack.outputs();
    const namespaces = outputs.namespaces.value as Record<string, string>;
    for (const name of Object.values(namespaces)) {
      const namespace = await kubectl(["get", "namespace", name]);
      expect(namespace.status.phase).toBe("Active");
      expect(namespace.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
      // Default-deny, DNS and the API server everywhere, plus one policy per service whose workloads run here.
      const policies = await kubectl(["get", "networkpolicies", "--namespace", name]);
      const workloads = await kubectl(["get", "deployments,statefulsets", "--namespace", name]);
      const services: ServiceName[] = [...new Set<ServiceName>(workloads.items.map((w: any) => w.spec.template.metadata.labels["lakehouse.dev/service"]))];
      expect(policies.items.map((p: any) => p.metadata.name).sort()).toEqual(["allow-api-server", "allow-dns", "default-deny", ...services.map(servicePolicyName)].sort());
      const quota = await kubectl(["get", "resourcequota", "lakehouse-quota", "--namespace", name]);
      expect(quota.status.hard).toBeDefined();
    }
    const storageClass = await kubectl(["get", "storageclass", "lakehouse-data"]);
    expect(storageClass.provisioner).toBe("lakehouse.dev/fake-hostpath");
    const accounts = await kubectl(["get", "serviceaccounts", "--namespace", namespaces.platform, "--selector", PART_OF]);
    expect(accounts.items.map((a: any) => a.metadata.name)).toEqual(expect.arrayContaining(["postgres", "nessie", "trino-coordinator", "trino-worker"]));
    const roles = await kubectl(["get", "rolebindings", "--namespace", namespaces.workflows]);
    expect(roles.items.map((r: any) => r.metadata.name)).toEqual(expect.arrayContaining(["airflow-launch-pods", "dagster-launch-jobs"]));
    const secret = await kubectl(["get", "secret", "postgres-superuser", "--namespace", namespaces.platform]);
    expect(Buffer.from(secret.data.password, "base64").toString()).toMatch(/^[A-Za-z0-9]{32}$/);
  }, 120_000);

  it("has every workload Ready, every claim Bound and every Service with endpoints' selectors matched", async () => {
    const namespaces = Object.values((await stack.outputs()).namespaces.value as Record<string, string>);
    for (const namespace of namespaces) {
      for (const workload of (await kubectl(["get", "deployments,statefulsets", "--namespace", namespace])).items) {
        expect({ name: workload.metadata.name, ready: workload.status.readyReplicas ?? 0 }).toEqual({ name: workload.metadata.name, ready: workload.spec.replicas });
      }
      for (const claim of (await kubectl(["get", "persistentvolumeclaims", "--namespace", namespace])).items) {
        expect({ name: claim.metadata.name, phase: claim.status.phase }).toEqual({ name: claim.metadata.name, phase: "Bound" });
      }
      const pods = (await kubectl(["get", "pods", "--namespace", namespace])).items;
      for (const service of (await kubectl(["get", "services", "--namespace", namespace])).items) {
        const selector = Object.entries(service.spec.selector ?? {});
        const selected = pods.filter((pod: any) => selector.every(([k, v]) => pod.metadata.labels?.[k] === v));
        expect({ service: service.metadata.name, selects: selected.length > 0 }).toEqual({ service: service.metadata.name, selects: true });
      }
    }
  }, 120_000);

  it("runs every layer built from raw manifests, and their deploy-time Jobs completed", async () => {
    const all = (await stack.outputs()).namespaces.value as Record<string, string>;
    const names = async (kind: string, namespace: string) => (await kubectl(["get", kind, "--namespace", namespace])).items.map((item: any) => item.metadata.name as string);
    expect(await names("statefulsets", all.platform)).toEqual(expect.arrayContaining(["garage", "postgres", "valkey"]));
    expect(await names("deployments", all.platform)).toEqual(expect.arrayContaining(["nessie", "trino", "trino-worker"]));
    expect(await names("deployments", all.workflows)).toEqual(expect.arrayContaining(["airflow-api-server", "airflow-scheduler", "airflow-worker", "dagster-webserver", "dagster-daemon"]));
    for (const namespace of [all.platform, all.workflows]) {
      const jobs = (await kubectl(["get", "jobs", "--namespace", namespace])).items;
      expect(jobs.length).toBeGreaterThan(0);
      for (const job of jobs) expect({ job: job.metadata.name, succeeded: job.status.succeeded ?? 0 }).toEqual({ job: job.metadata.name, succeeded: 1 });
    }
  }, 120_000);

  it("deploys your code: the example DAG bundle's upload, the Dagster example location, and the stack's apps with their autoscaler and volume", async () => {
    const all = (await stack.outputs()).namespaces.value as Record<string, string>;
    const names = async (kind: string, namespace: string) => (await kubectl(["get", kind, "--namespace", namespace])).items.map((item: any) => item.metadata.name as string);
    const jobs = (await kubectl(["get", "jobs", "--namespace", all.workflows])).items;
    expect(jobs.some((job: any) => job.metadata.name.startsWith("airflow-example-dags") && job.status.succeeded === 1)).toBe(true);
    expect(await names("deployments", all.workflows)).toContain("dagster-user-code");
    // The API server accepted each app's objects, in the services namespace.
    expect(await names("deployments", all.services)).toContain("example-api");
    expect(await names("statefulsets", all.services)).toContain("example-ledger");
    expect(await names("horizontalpodautoscalers", all.services)).toContain("example-api");
    expect(await names("networkpolicies", all.services)).toEqual(expect.arrayContaining(["allow-example-api", "allow-example-ledger"]));
    const deployment = await kubectl(["get", "deployment", "example-api", "--namespace", all.services, "--show-managed-fields"]);
    // The autoscaler owns the pod count: the program never set it.
    // The manager that applied the pod template is the program's, whatever its name: it owns no replicas.
    const programFields = deployment.metadata.managedFields.filter((f: any) => f.fieldsV1?.["f:spec"]?.["f:template"] !== undefined);
    expect(programFields.length).toBeGreaterThan(0);
    expect(programFields.some((f: any) => f.fieldsV1["f:spec"]["f:replicas"] !== undefined)).toBe(false);
  }, 120_000);

  it("keeps credentials secret in the state", async () => {
    // The backend's own file, as stored (exportStack would decrypt secrets for display).
    const state = readFileSync(join(work.dir, "state", ".pulumi", "stacks", "lakehouse", "e2e.json"), "utf8");
    expect(state).toContain("ciphertext");
    const secret = await kubectl(["get", "secret", "postgres-superuser", "--namespace", "lakehouse-platform"]);
    const password = Buffer.from(secret.data.password, "base64").toString();
    expect(state).not.toContain(password);
    expect(state).not.toContain(secret.data.password);
  }, 120_000);

  it("is idempotent: a second preview and a refresh find no changes", async () => {
    await step("preview (expect no changes)", () => stack.preview({ expectNoChanges: true }));
    await step("refresh (expect no changes)", () => stack.refresh({ expectNoChanges: true }));
  }, 600_000);

  it("renders for GitOps from the deployed stack's own generated values: the same tree twice, Garage's node ids as deployed", async () => {
    const renderOnce = async (dir: string) => {
      await render({ stack: "e2e", out: join(work.dir, dir), projectDir: stack.workspace.workDir, fromState: true, stateEnv: engineEnv(work.dir), log: (line) => console.log(`[e2e] ${line}`) });
      return join(work.dir, dir);
    };
    const first = await renderOnce("render-a");
    const second = await renderOnce("render-b");
    const files = filesUnder(first);
    expect(files.length).toBeGreaterThan(80);
    expect(filesUnder(second)).toEqual(files);
    for (const file of files) expect(readFileSync(join(second, file), "utf8")).toBe(readFileSync(join(first, file), "utf8"));
    // The rendered Garage config names the node ids of the keys Pulumi generated and applied.
    const live = (await kubectl(["get", "configmaps", "--namespace", "lakehouse-platform"])).items.find((c: any) => c.metadata.name.startsWith("garage-config"));
    const rendered = parse(readFileSync(join(first, "lakehouse-platform", "configmap-garage-config.yaml"), "utf8"));
    expect(rendered.data["garage.toml"]).toBe(live.data["garage.toml"]);
  }, 900_000);

  it("passes the workflows' own steps on this stack: npm run ci:preview, ci:deploy and ci:drift", async () => {
    const out = join(work.dir, "ci-out");
    const ci = (script: string) => {
      const started = Date.now();
      const result = spawnSync("npm", ["run", "--silent", script, "--", "--stack", "e2e", "--project-dir", stack.workspace.workDir, "--out", out], {
        cwd: REPO,
        env: { ...process.env, ...engineEnv(work.dir) },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      console.log(`[e2e] npm run ${script}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return result;
    };
    const preview = ci("ci:preview");
    expect({ status: preview.status, stderr: preview.stderr.slice(-2000) }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(readFileSync(join(out, "preview-e2e.md"), "utf8")).toContain("`pulumi preview` of stack `e2e`: passed");
    // A deploy of an unchanged stack: refresh, then up, and nothing to do.
    const deploy = ci("ci:deploy");
    expect(deploy.status).toBe(0);
    expect(deploy.stdout).toMatch(/Resources:\s+\d+ unchanged/);
    const drift = ci("ci:drift");
    expect(drift.status).toBe(0);
    expect(readFileSync(join(out, "drift-e2e.md"), "utf8")).toBe("No drift in stack `e2e`.\n");
  }, 900_000);

  it("destroys everything it made", async () => {
    await step("destroy", () => stack.destroy());
    expect(await lakehouseLeft()).toEqual([]);
  }, 900_000);
});

describe("the workload kit under the real engine", () => {
  // A small program of kit workloads: a replicated Deployment with its PodDisruptionBudget, and a
  // StatefulSet whose claim must bind; kwok makes their pods Ready without pulling any image.
  const kitProgram = async () => {
    const { Workload } = await import("../../components/kit/workload");
    const provider = new k8s.Provider("local", { kubeconfig: KUBECONFIG, context: "lakehouse", clusterIdentifier: "e2e/kit-probe" });
    const opts = { provider };
    const namespace = new k8s.core.v1.Namespace(
      "kit-probe",
      { metadata: { name: "lakehouse-kit-probe", labels: { "app.kubernetes.io/part-of": "lakehouse", "pod-security.kubernetes.io/enforce": "restricted" } } },
      opts,
    );
    const storageClass = new k8s.storage.v1.StorageClass(
      "kit-probe",
      { metadata: { name: "lakehouse-kit-probe", labels: { "app.kubernetes.io/part-of": "lakehouse" } }, provisioner: "lakehouse.dev/fake-hostpath", volumeBindingMode: "WaitForFirstConsumer" },
      opts,
    );
    const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "250m", memory: "256Mi" } };
    const account = (name: string) => new k8s.core.v1.ServiceAccount(name, { metadata: { name, namespace: namespace.metadata.name }, automountServiceAccountToken: false }, opts).metadata.name;
    const web = new Workload(
      "web",
      {
        namespace: namespace.metadata.name,
        app: "web",
        component: "api",
        replicas: 2,
        identity: { service: "web", uid: 10001, serviceAccountName: account("web"), apiAccess: false },
        containers: [
          {
            name: "web",
            image: "nginxinc/nginx-unprivileged:1.29.3",
            ports: [{ name: "http", containerPort: 8080 }],
            resources,
            probes: { liveness: { httpGet: { path: "/", port: "http" } }, readiness: { httpGet: { path: "/", port: "http" } } },
          },
        ],
      },
      { providers: [provider] },
    );
    const db = new Workload(
      "db",
      {
        namespace: namespace.metadata.name,
        app: "db",
        component: "database",
        replicas: 1,
        identity: { service: "db", uid: 999, serviceAccountName: account("db"), apiAccess: false },
        containers: [
          {
            name: "postgres",
            image: "postgres:17.6",
            ports: [{ name: "postgres", containerPort: 5432 }],
            resources,
            probes: { liveness: { tcpSocket: { port: "postgres" } }, readiness: { exec: { command: ["pg_isready"] } } },
          },
        ],
        state: { storageClassName: "lakehouse-kit-probe", claims: [{ name: "data", size: "1Gi", mountPath: "/var/lib/postgresql/data" }] },
      },
      { providers: [provider], dependsOn: [storageClass] },
    );
    return { web: web.dnsName, db: db.dnsName };
  };

  it("deploys a replicated Deployment and a StatefulSet that become Ready, with the claim Bound", async () => {
    const stack = await openInlineStack("kit-probe", kitProgram, work.dir, engineEnv(work.dir));
    const up = await step("up (kit workloads)", () => stack.up({ onOutput: () => undefined }));
    expect(up.summary.result).toBe("succeeded");
    const deployment = await kubectl(["get", "deployment", "web", "--namespace", "lakehouse-kit-probe"]);
    expect(deployment.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
    const statefulSet = await kubectl(["get", "statefulset", "db", "--namespace", "lakehouse-kit-probe"]);
    expect(statefulSet.status.readyReplicas).toBe(1);
    const claim = await kubectl(["get", "persistentvolumeclaim", "data-db-0", "--namespace", "lakehouse-kit-probe"]);
    expect(claim.status.phase).toBe("Bound");
    expect((await kubectl(["get", "poddisruptionbudget", "web", "--namespace", "lakehouse-kit-probe"])).spec.maxUnavailable).toBe(1);
    expect(up.outputs.db.value).toBe("db.lakehouse-kit-probe.svc.cluster.local");
    await step("preview (kit, expect no changes)", () => stack.preview({ expectNoChanges: true }));
    await step("destroy (kit workloads)", () => stack.destroy());
    expect(await lakehouseLeft()).toEqual([]);
  }, 900_000);
});

describe("a non-compliant change under the real engine", () => {
  it("is blocked by the policy pack, which names the policies it breaks", async () => {
    const stack = await openInlineStack("policy-probe", rootDeployment, work.dir, engineEnv(work.dir));
    const mandatory: string[] = [];
    const attempt = step("preview --policy-pack (non-compliant)", () =>
      stack.preview({ policyPacks: [join(REPO, "policy")], onEvent: (e) => e.policyEvent?.enforcementLevel === "mandatory" && mandatory.push(e.policyEvent.policyName) }),
    );
    await expect(attempt).rejects.toThrow(/contract-run-as-non-root/);
    expect(mandatory).toEqual(expect.arrayContaining(["contract-run-as-non-root", "contract-liveness-readiness-probes"]));
    expect(await kubectl(["get", "deployments", "--namespace", "default"])).toMatchObject({ items: [] });
  }, 600_000);

  it("fails the pull-request check (npm run ci:preview), whose comment names each policy and the object", () => {
    // The same Deployment as a project of its own, previewed the way the workflow does.
    const project = join(work.dir, "ci-probe");
    mkdirSync(project);
    writeFileSync(join(project, "Pulumi.yaml"), "name: ci-probe\nruntime: nodejs\nmain: index.ts\n");
    writeFileSync(join(project, "Pulumi.probe.yaml"), "config: {}\n");
    writeFileSync(join(project, "index.ts"), `import { rootDeployment } from ${JSON.stringify(join(__dirname, "probePrograms"))};\nrootDeployment();\n`);
    symlinkSync(join(REPO, "node_modules"), join(project, "node_modules"));
    const out = join(work.dir, "ci-probe-out");
    const result = spawnSync("npm", ["run", "--silent", "ci:preview", "--", "--stack", "probe", "--project-dir", project, "--out", out], {
      cwd: REPO,
      // The probe project has no tsconfig of its own: transpile it, as the suite type-checks it.
      env: { ...process.env, ...engineEnv(work.dir), PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
      encoding: "utf8",
    });
    expect(result.status).not.toBe(0);
    const comment = readFileSync(join(out, "preview-probe.md"), "utf8");
    expect(comment).toContain("`pulumi preview` of stack `probe`: failed: mandatory policy violations");
    expect(comment).toMatch(/\[mandatory\]\s+contract-run-as-non-root.*root-probe/);
  }, 600_000);
});

describe("the kind code path through the real engine (a fake kind on PATH)", () => {
  let stack: Stack;
  const fakeKindState = join(work.dir, "kind-state");
  beforeAll(async () => {
    const env = engineEnv(work.dir, { KIND: join(__dirname, "..", "fake-kind.sh"), FAKE_KIND_STATE: fakeKindState, LAKEHOUSE_LOCAL_KUBECONFIG: KUBECONFIG });
    stack = await openStack("e2e-kind", work.dir, env);
  }, 120_000);

  it("creates the kind cluster resource, deploys onto it, reads it back and deletes it", async () => {
    const up = await step("up (kind)", () => stack.up({ onOutput: () => undefined }));
    expect(up.summary.result).toBe("succeeded");
    expect((await stack.outputs()).clusterFacts.value).toMatchObject({ type: "kind", name: "lakehouse-e2e-kind" });
    await step("refresh (kind, expect no changes)", () => stack.refresh({ expectNoChanges: true }));
    await step("destroy (kind)", () => stack.destroy());
    expect(await lakehouseLeft()).toEqual([]);
    expect(readFileSync(join(fakeKindState, "log"), "utf8").trim().split("\n")).toEqual(["created lakehouse-e2e-kind", "deleted lakehouse-e2e-kind"]);
  }, 1_800_000);
});
