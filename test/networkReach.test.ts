// Walks every pair of services of the staging and prod stacks, as rendered, through the
// NetworkPolicy model: a service reaches exactly its own pods, what its descriptor depends on, and
// (Prometheus) every service's metrics; the edge reaches only services with a UI; placeholders
// and the services namespace reach nothing.
import { parseStackConfig, SERVICE_NAMES, SERVICES, type ServiceName } from "../stacks";
import { renderedStack, type ProgramRun } from "./mocks";
import { NetworkModel, type Pod, type Policy } from "./networkPolicyReach";
import { rawLakehouseConfig } from "./stackFiles";

const SERVICE_LABEL = "lakehouse.dev/service";

function modelOf(run: ProgramRun): NetworkModel {
  const policies = run.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => ({ namespace: r.inputs.metadata.namespace, spec: r.inputs.spec }) as Policy);
  const namespaces = run.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => [r.inputs.metadata.name, r.inputs.metadata.labels ?? {}]);
  return new NetworkModel(policies, Object.fromEntries(namespaces));
}

describe.each(["staging", "prod"])("the %s stack's network policies", (stack) => {
  let run: ProgramRun;
  let model: NetworkModel;
  const config = parseStackConfig(rawLakehouseConfig(stack), stack);
  const running = SERVICE_NAMES.filter((name) => config.services[name].enabled && config.services[name].mode === "in-cluster");
  const podOf = (service: ServiceName): Pod => ({ namespace: config.namespaces[SERVICES[service].namespace].name, labels: { [SERVICE_LABEL]: service } });

  beforeAll(async () => {
    run = await renderedStack(stack);
    model = modelOf(run);
  }, 120_000);

  it("runs a default-deny stack with most services in the cluster", () => {
    expect(run.resources.some((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.inputs.metadata.name === "default-deny")).toBe(true);
    expect(running.length).toBeGreaterThanOrEqual(6);
  });

  it("lets each service reach exactly itself, what it depends on, and (Prometheus) every service with metrics", () => {
    const wrong: string[] = [];
    for (const from of running) {
      for (const to of running) {
        const expected = from === to || (from === "prometheus" && SERVICES[to].metrics === true) || SERVICES[from].dependsOn.some((d) => d.service === to);
        if (model.reaches(podOf(from), podOf(to)) !== expected) wrong.push(`${from} -> ${to}: ${expected ? "blocked" : "open"}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("lets the ingress controller reach the services with a UI and nothing else", () => {
    const traefik: Pod = { namespace: config.network.ingressControllerNamespace, labels: { "app.kubernetes.io/name": "traefik" } };
    for (const service of running) expect([service, model.reaches(traefik, podOf(service))]).toEqual([service, SERVICES[service].ui === true]);
  });

  it("keeps placeholders and the services namespace away from every service, Trino's password-less port included", () => {
    const strangers: Pod[] = [
      ...(run.outputs.placeholderNamespaces as string[]).map((namespace) => ({ namespace, labels: {} })),
      { namespace: config.namespaces.services.name, labels: {} },
      // A pod of another namespace claiming to be Airflow is still not Airflow.
      { namespace: config.namespaces.services.name, labels: { [SERVICE_LABEL]: "airflow" } },
    ];
    expect((run.outputs.placeholderNamespaces as string[]).length).toBeGreaterThan(0);
    for (const stranger of strangers) for (const service of running) expect([stranger, service, model.reaches(stranger, podOf(service))]).toEqual([stranger, service, false]);
  });
});
