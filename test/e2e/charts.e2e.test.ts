// The upstream charts of the edge and observability layers, rendered by helm with the values the
// components build, for dev, staging and prod and for a stack pulling from a registry mirror; then
// judged by the policy pack and checked against what our values promise. Offline and without a
// cluster: helm and the charts come from scripts/toolchain/charts.sh (npm run test:charts).
import { CERT_MANAGER_METRICS } from "../../components/edge/networkPolicies";
import { alertmanagerConfig } from "../../components/observability/alertmanagerConfig";
import { exposureOf } from "../../components/edge/exposure";
import { SERVICE_TYPES, traefikReplicas, traefikValues } from "../../components/edge/traefikValues";
import { certManagerValues } from "../../components/edge/certManagerValues";
import { API_ACCESS_LABEL } from "../../components/kit/labels";
import { observabilityPlacement } from "../../stacks";
import { prometheusRetention } from "../../components/observability/retention";
import { OPERATOR_PREREQUISITES } from "../../components/observability/prometheusValues";
import { asArray, asRecord, type KubeObject } from "../../policy/lib/objects";
import { declaresPort, probePort } from "../../policy/lib/probes";
import { parseImageReference, unpinnedReason } from "../../policy/lib/imageReference";
import { labelSelectorSelects } from "../../policy/lib/selectors";
import { templateLabels } from "../../policy/lib/stack";
import { parse } from "yaml";
import { CERT_MANAGER_CHART, KUBE_PROMETHEUS_STACK_CHART, parseStackConfig, TRAEFIK_CHART, type StackConfig } from "../../stacks";
import { rawLakehouseConfig, STACKS, type StackName } from "../stackFiles";
import { chartMetadata, parseManifests, type Rendered, undeclaredValues } from "./charts/helm";
import { describeFinding, lintRender } from "./charts/lint";
import { container, containers, env, find, imageReferences, workloads } from "./charts/objects";
import { renderStack, type StackRender } from "./charts/renders";
import { chartPods } from "../chartFootprint";
import { canonicalImage, processNodeImageTable } from "../processNodeTable";

const MIRROR = "registry.acme.internal:5000/mirror";

function stackConfig(stack: StackName, edit: (raw: Record<string, any>) => void = () => undefined): StackConfig {
  const raw = structuredClone(rawLakehouseConfig(stack)) as Record<string, any>;
  edit(raw);
  return parseStackConfig(raw, stack);
}

async function timedRender(label: string, config: StackConfig): Promise<StackRender> {
  const started = Date.now();
  const render = await renderStack(config);
  const count = render.traefik.length + render.certManager.length + render.observability.length;
  console.log(`[charts] ${label}: rendered ${count} objects in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return render;
}

const everything = (render: StackRender): Rendered[] => [...render.traefik, ...render.certManager, ...render.observability];
const nameOf = (object: KubeObject) => String(asRecord(object.metadata).name);
/** What the operator will run for the Prometheus or Alertmanager resource: its replicas, the server and the config reloader. */
const operatorPods = (render: StackRender, config: StackConfig, name: string) => {
  const resource = render.observability.find(({ object }) => (object.kind === "Prometheus" || object.kind === "Alertmanager") && nameOf(object) === name);
  if (!resource) throw new Error(`no Deployment, Prometheus or Alertmanager named ${name} in the render`);
  const spec = asRecord(resource.object.spec);
  return { replicas: spec.replicas, containers: [spec.resources, config.services.prometheus.configReloaderResources] };
};
const exemptionsOf = (render: StackRender) =>
  lintRender(render)
    .exemptions.map((e) => `${e.kind} ${e.name}: ${/^exempt from ([^:]+): ./.exec(e.message)?.[1] ?? e.message}`)
    .sort();

it("refuses rendered YAML that gives a key twice, naming the template", () => {
  const output = "---\n# Source: chart/templates/deployment.yaml\nkind: Deployment\nmetadata:\n  labels:\n    a: b\n    a: c\n";
  expect(() => parseManifests(output, "ns")).toThrow(/^chart\/templates\/deployment.yaml renders invalid YAML: Map keys must be unique/);
});

it("renders the versions the program pins", () => {
  expect(chartMetadata("traefik").version).toBe(TRAEFIK_CHART.version);
  expect(chartMetadata("cert-manager").version).toBe(CERT_MANAGER_CHART.version);
  expect(chartMetadata("kube-prometheus-stack").version).toBe(KUBE_PROMETHEUS_STACK_CHART.version);
});

describe.each(STACKS)("%s", (stack) => {
  const config = stackConfig(stack);
  let render: StackRender;
  beforeAll(async () => {
    render = await timedRender(stack, config);
  }, 120_000);

  it("installs all three charts, each object in its release's namespace (nothing in kube-system)", () => {
    for (const [rendered, namespace] of [
      [render.traefik, config.network.ingressControllerNamespace],
      [render.certManager, "lakehouse-cert-manager"],
      [render.observability, config.namespaces.observability.name],
    ] as const) {
      expect(rendered.length).toBeGreaterThan(0);
      const namespaces = new Set(rendered.map(({ object }) => asRecord(object.metadata).namespace).filter((n) => n !== undefined));
      expect([...namespaces]).toEqual([namespace]);
    }
  });

  it("honours every mandatory policy of the pack, with the namespaces' Pod Security levels", () => {
    const { findings } = lintRender(render);
    expect(findings.filter((f) => f.enforcementLevel === "mandatory").map(describeFinding)).toEqual([]);
    expect(findings.filter((f) => f.policy === "bp-no-secret-env-literals").map(describeFinding)).toEqual([]);
  });

  it("is exempt only where upstream leaves no choice, each exemption with its reason", () => {
    const onKind = exposureOf(config) === "host-port";
    expect(exemptionsOf(render)).toEqual(
      [
        ...(onKind ? ["Deployment traefik: pss-baseline-host-ports"] : []),
        "Deployment cert-manager: contract-liveness-readiness-probes",
        "Deployment cert-manager-cainjector: contract-liveness-readiness-probes",
        "ClusterRole monitoring-operator: bp-rbac-no-wildcards",
        "Deployment grafana: contract-liveness-readiness-probes",
        "Service monitoring-prometheus: stack-service-selects-workload",
        ...(config.services.prometheus.alerting.alertmanager.enabled ? ["Service monitoring-alertmanager: stack-service-selects-workload"] : []),
      ].sort(),
    );
  });

  it("gives every container, init containers included, CPU and memory requests and limits", () => {
    for (const object of workloads(everything(render))) {
      for (const ref of containers(object)) {
        const resources = asRecord(ref.container.resources);
        for (const side of ["requests", "limits"]) expect([nameOf(object), ref.name, Object.keys(asRecord(resources[side])).sort()]).toEqual([nameOf(object), ref.name, ["cpu", "memory"]]);
      }
    }
  });

  it("sizes the edge's pods from lakehouse:edge, replicas included", () => {
    const { resources, replicas } = config.edge;
    const traefik = find(render.traefik, "Deployment", "traefik");
    expect(container(traefik, "traefik").resources).toEqual(resources.traefik);
    expect(asRecord(traefik.spec).replicas).toBe(traefikReplicas(replicas, exposureOf(config)));
    const certManager = (kind: string, name: string) => find(render.certManager, kind, name);
    expect(container(certManager("Deployment", "cert-manager"), "cert-manager-controller").resources).toEqual(resources.certManager);
    expect(container(certManager("Deployment", "cert-manager-webhook"), "cert-manager-webhook").resources).toEqual(resources.certManagerWebhook);
    expect(container(certManager("Deployment", "cert-manager-cainjector"), "cert-manager-cainjector").resources).toEqual(resources.certManagerCainjector);
    expect(container(certManager("Job", "cert-manager-startupapicheck"), "cert-manager-startupapicheck").resources).toEqual(resources.certManagerStartupCheck);
    for (const name of ["cert-manager", "cert-manager-webhook", "cert-manager-cainjector"]) expect(asRecord(certManager("Deployment", name).spec).replicas).toBe(replicas);
  });

  it("sizes Prometheus, its helpers and Grafana from lakehouse:services", () => {
    const { prometheus, grafana } = config.services;
    const spec = asRecord(find(render.observability, "Prometheus", "monitoring-prometheus").spec);
    expect([spec.replicas, spec.resources]).toEqual([prometheus.replicas, prometheus.resources]);
    const operator = find(render.observability, "Deployment", "monitoring-operator");
    expect(container(operator, "kube-prometheus-stack").resources).toEqual(prometheus.operatorResources);
    const { requests, limits } = prometheus.configReloaderResources;
    expect(asArray(container(operator, "kube-prometheus-stack").args)).toEqual(
      expect.arrayContaining([
        `--config-reloader-cpu-request=${requests.cpu}`,
        `--config-reloader-cpu-limit=${limits.cpu}`,
        `--config-reloader-memory-request=${requests.memory}`,
        `--config-reloader-memory-limit=${limits.memory}`,
      ]),
    );
    expect(container(find(render.observability, "Deployment", "monitoring-kube-state-metrics"), "kube-state-metrics").resources).toEqual(prometheus.kubeStateMetricsResources);
    const grafanaDeployment = find(render.observability, "Deployment", "grafana");
    expect(asRecord(grafanaDeployment.spec).replicas).toBe(grafana.replicas);
    expect(container(grafanaDeployment, "grafana").resources).toEqual(grafana.resources);
    expect(container(grafanaDeployment, "grafana-sc-dashboard").resources).toEqual(grafana.sidecarResources);
    // Two or more replicas: a disruption budget keeps one up through drains.
    const budgets = render.observability
      .filter(({ object }) => object.kind === "PodDisruptionBudget")
      .map(({ object }) => nameOf(object))
      .sort();
    const { alertmanager } = prometheus.alerting;
    expect(budgets).toEqual(
      [
        ...(grafana.replicas > 1 ? ["grafana"] : []),
        ...(alertmanager.enabled && alertmanager.replicas > 1 ? ["monitoring-alertmanager"] : []),
        ...(prometheus.replicas > 1 ? ["monitoring-prometheus"] : []),
      ].sort(),
    );
  });

  it("runs exactly the pods the quota test counts for the charts (test/chartFootprint.ts)", () => {
    const rendered = [...render.traefik, ...render.certManager, ...render.observability];
    for (const pod of chartPods(config)) {
      const deployment = rendered.find(({ object }) => object.kind === "Deployment" && nameOf(object) === pod.name)?.object;
      // Prometheus' and Alertmanager's pods come from the operator: their size and count are their resource's.
      const running = deployment
        ? {
            replicas: asRecord(deployment.spec).replicas,
            containers: containers(deployment)
              .filter((ref) => ref.role === "container")
              .map((ref) => ref.container.resources),
          }
        : operatorPods(render, config, pod.name);
      // The quota test only sums them: compare as a multiset, not in the chart's order.
      const sorted = (sizes: unknown[]) => sizes.map((size) => [asRecord(size).requests, asRecord(size).limits].map((side) => `${asRecord(side).cpu}/${asRecord(side).memory}`).join(" ≤ ")).sort();
      expect({ pod: pod.name, replicas: running.replicas, containers: sorted(running.containers) }).toEqual({ pod: pod.name, replicas: pod.replicas, containers: sorted(pod.containers) });
    }
  });

  it("starts the Prometheus operator only after the CRDs and RBAC it checks once at start (each reference is in the render)", () => {
    const operator = find(render.observability, "Deployment", "monitoring-operator");
    const references = String(asRecord(asRecord(operator.metadata).annotations)["config.kubernetes.io/depends-on"]).split(",");
    expect(references).toEqual(OPERATOR_PREREQUISITES);
    const installed = new Set(render.observability.map(({ object }) => `${String(object.apiVersion).split("/").slice(0, -1).join("/")}/${object.kind}/${nameOf(object)}`));
    expect(references.filter((reference) => !installed.has(reference))).toEqual([]);
    expect(references.filter((reference) => reference.includes("CustomResourceDefinition"))).toHaveLength(
      render.observability.filter(({ object }) => object.kind === "CustomResourceDefinition").length,
    );
  });

  it("keeps Prometheus' data on the platform's storage class, for as long as the config says", () => {
    const { prometheus } = config.services;
    const spec = asRecord(find(render.observability, "Prometheus", "monitoring-prometheus").spec);
    expect(asRecord(asRecord(spec.storage).volumeClaimTemplate).spec).toEqual({
      storageClassName: config.storage.className,
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: prometheus.storageSize } },
    });
    expect({ retention: spec.retention, retentionSize: spec.retentionSize }).toEqual(prometheusRetention(config.environment, prometheus.storageSize));
    expect(spec.serviceAccountName).toBe("prometheus");
  });

  it("runs the pinned images: each chart's own release, every reference with a registry and a version", () => {
    for (const image of imageReferences(everything(render))) {
      expect([image, unpinnedReason(image), parseImageReference(image)?.registry]).toEqual([image, undefined, expect.any(String)]);
    }
    expect(container(find(render.traefik, "Deployment", "traefik"), "traefik").image).toBe(`docker.io/traefik:${chartMetadata("traefik").appVersion}`);
    const certManagerImages = imageReferences(render.certManager);
    expect(certManagerImages).toHaveLength(5);
    for (const image of certManagerImages) expect(image).toMatch(new RegExp(`^quay\\.io/jetstack/cert-manager-[a-z]+:${CERT_MANAGER_CHART.version}$`));
  });

  it("gives Grafana its admin and database logins from Secrets, and renders no Secret but Alertmanager's configuration, which holds no credential", () => {
    const grafana = container(find(render.observability, "Deployment", "grafana"), "grafana");
    const fromSecret = (variable: string) => asRecord(asRecord(env(grafana, variable)).valueFrom).secretKeyRef;
    expect(fromSecret("GF_SECURITY_ADMIN_USER")).toEqual({ name: "grafana-admin", key: "username" });
    expect(fromSecret("GF_SECURITY_ADMIN_PASSWORD")).toEqual({ name: "grafana-admin", key: "password" });
    expect(fromSecret("GF_DATABASE_PASSWORD")).toEqual({ name: "grafana-database", key: "password" });
    const secrets = everything(render).filter(({ object }) => object.kind === "Secret");
    const { alertmanager } = config.services.prometheus.alerting;
    expect(secrets.map(({ source }) => source)).toEqual(alertmanager.enabled ? ["kube-prometheus-stack/templates/alertmanager/secret.yaml"] : []);
    // The receivers read their URLs and passwords from files of alertmanager-receivers (alertmanagerConfig.ts).
    for (const { object } of secrets) {
      const file = Buffer.from(String(asRecord(object.data)["alertmanager.yaml"]), "base64").toString("utf8");
      // As we wrote it, and the chart's templates directory added.
      expect(parse(file)).toMatchObject(alertmanagerConfig(config.services.prometheus.alerting));
      expect(file).not.toMatch(/api_url:|auth_password:|\burl: .*token/);
    }
  });

  it("provisions Grafana's datasource, our Prometheus by its Service name, from the chart's ConfigMap", () => {
    const file = parse(String(asRecord(find(render.observability, "ConfigMap", "grafana").data)["datasources.yaml"]));
    expect(file.datasources).toEqual([expect.objectContaining({ type: "prometheus", uid: "prometheus", url: "http://monitoring-prometheus:9090/" })]);
    const mounts = asArray(container(find(render.observability, "Deployment", "grafana"), "grafana").volumeMounts);
    expect(mounts).toContainEqual({ name: "config", mountPath: "/etc/grafana/provisioning/datasources/datasources.yaml", subPath: "datasources.yaml" });
    // Prometheus' Service answers on that name and port.
    expect(asArray(asRecord(find(render.observability, "Service", "monitoring-prometheus").spec).ports)).toContainEqual(expect.objectContaining({ port: 9090 }));
  });

  it("probes each of Grafana's containers where it listens (the Deployment is exempt from the port rule)", () => {
    for (const ref of containers(find(render.observability, "Deployment", "grafana"))) {
      const healthPort = asRecord(env(ref.container, "HEALTH_PORT")).value;
      for (const field of ["livenessProbe", "readinessProbe"]) {
        const port = probePort(ref.container[field]);
        expect([ref.name, field, healthPort === undefined ? declaresPort(ref.container, port) : String(port)]).toEqual([ref.name, field, healthPort ?? true]);
      }
    }
  });

  it("labels every chart pod as an API client, which the API-server network policy selects", () => {
    for (const object of workloads(everything(render))) expect([nameOf(object), templateLabels(object)[API_ACCESS_LABEL]]).toEqual([nameOf(object), "true"]);
    const prometheus = asRecord(find(render.observability, "Prometheus", "monitoring-prometheus").spec);
    expect(asRecord(asRecord(prometheus.podMetadata).labels)[API_ACCESS_LABEL]).toBe("true");
  });

  it("gives each of the edge's and observability's NetworkPolicies pods to select, which listen on the ports it opens", () => {
    const policies = render.program.filter((object) => object.kind === "NetworkPolicy");
    const selective = policies.filter((policy) => Object.keys(asRecord(asRecord(policy.spec).podSelector)).length > 0 && nameOf(policy) !== "allow-api-server");
    expect(selective.length > 0).toBe(config.network.policy === "default-deny");
    for (const policy of selective) {
      const namespace = asRecord(policy.metadata).namespace;
      const spec = asRecord(policy.spec);
      const selected = workloads(everything(render)).filter((object) => asRecord(object.metadata).namespace === namespace && labelSelectorSelects(spec.podSelector, templateLabels(object)));
      expect([nameOf(policy), selected.length > 0]).toEqual([nameOf(policy), true]);
      const ports = asArray(spec.ingress).flatMap((rule) => asArray(asRecord(rule).ports).map((port) => asRecord(port).port));
      for (const object of selected) {
        for (const port of ports)
          expect([nameOf(policy), nameOf(object), port, containers(object).some((ref) => declaresPort(ref.container, port))]).toEqual([nameOf(policy), nameOf(object), port, true]);
      }
    }
  });

  it("sets only values the Traefik and cert-manager charts declare (Helm ignores the rest in silence)", () => {
    // _podtemplate.tpl renders both security contexts whole.
    expect(undeclaredValues("traefik", traefikValues(config), ["securityContext", "podSecurityContext"])).toEqual([]);
    expect(undeclaredValues("cert-manager", certManagerValues(config, "lakehouse-cert-manager"))).toEqual([]);
  });

  it("serves cert-manager's metrics where the edge's ServiceMonitor and NetworkPolicy look (the certificate alerts)", () => {
    const service = render.certManager.find(
      ({ object }) => object.kind === "Service" && Object.entries(CERT_MANAGER_METRICS.pods).every(([k, v]) => asRecord(asRecord(object.metadata).labels)[k] === v),
    );
    expect(service).toBeDefined();
    const spec = asRecord(service!.object.spec);
    expect((spec.ports as Array<Record<string, unknown>>).map((p) => [p.name, p.port])).toContainEqual([CERT_MANAGER_METRICS.portName, CERT_MANAGER_METRICS.port]);
    expect(spec.selector).toMatchObject(CERT_MANAGER_METRICS.pods);
  });

  it("gives Traefik's Service the type the cluster's exposure calls for", () => {
    expect(asRecord(find(render.traefik, "Service", "traefik").spec).type).toBe(SERVICE_TYPES[exposureOf(config)]);
  });

  it("installs cert-manager's CRDs with it and serves our ingress class, not as the cluster's default", () => {
    const crds = render.certManager.filter(({ object }) => object.kind === "CustomResourceDefinition").map(({ object }) => nameOf(object));
    expect(crds).toHaveLength(6);
    const ingressClass = find(render.traefik, "IngressClass", config.cluster.ingressClass);
    expect(asRecord(asRecord(ingressClass.metadata).annotations)["ingressclass.kubernetes.io/is-default-class"]).toBe("false");
  });
});

describe("a stack pulling from a registry mirror", () => {
  let render: StackRender;
  beforeAll(async () => {
    render = await timedRender(
      "staging on a mirror",
      stackConfig("staging", (raw) => (raw.images = { registry: MIRROR })),
    );
  }, 120_000);

  it("pulls every image through the mirror, those the operators start included", () => {
    const images = imageReferences(everything(render));
    expect(images.filter((image) => !image.startsWith(`${MIRROR}/`))).toEqual([]);
    expect(images).toContain(`${MIRROR}/traefik:${chartMetadata("traefik").appVersion}`);
    expect(images).toContain(`${MIRROR}/jetstack/cert-manager-acmesolver:${CERT_MANAGER_CHART.version}`);
  });

  it("still honours every mandatory policy", () => {
    expect(
      lintRender(render)
        .findings.filter((f) => f.enforcementLevel === "mandatory")
        .map(describeFinding),
    ).toEqual([]);
  });
});

it("places Prometheus and Grafana in the cluster in every stack file (what the checks above assume)", () => {
  for (const stack of STACKS) expect(observabilityPlacement(stackConfig(stack).services)).toEqual({ prometheus: "in-cluster", grafana: "in-cluster" });
});

describe("the local stack (the process node runs its charts' pods)", () => {
  const config = parseStackConfig(rawLakehouseConfig("local"), "local");
  let render: StackRender;
  beforeAll(async () => {
    render = await timedRender("local", config);
  }, 120_000);

  it("installs the edge and Prometheus (not Grafana), as Pulumi.local.yaml says", () => {
    expect(observabilityPlacement(config.services)).toEqual({ prometheus: "in-cluster", grafana: "off" });
    expect(find(render.observability, "Prometheus", "monitoring-prometheus")).toBeDefined();
    expect(render.traefik.length).toBeGreaterThan(0);
  });

  it("runs only images the process node has a row for, but two an operator starts only on demand", () => {
    const table = processNodeImageTable();
    const images = imageReferences(everything(render)).map(canonicalImage);
    expect(images.length).toBeGreaterThan(8);
    const missing = [...new Set(images)].filter((image) => !(image in table));
    // The ACME solver runs for ACME issuers only (the local one is a CA); Thanos, for a Thanos
    // sidecar or ruler, which the platform does not configure.
    expect(missing.sort()).toEqual([`quay.io/jetstack/cert-manager-acmesolver:${CERT_MANAGER_CHART.version}`, "quay.io/thanos/thanos:v0.42.4"]);
  });
});
