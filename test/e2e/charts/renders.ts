// One stack's upstream charts rendered with the values the components build (and the transform
// the observability layer applies), plus the objects the program puts around them: the namespaces
// with their Pod Security labels, their NetworkPolicies, the foundation's ServiceAccounts the
// charts use. The policy pack then judges them as it would in the stack.
import type { KubeObject } from "../../../policy/lib/objects";
import type { StackConfig } from "../../../stacks";
import { clusterFacts } from "../../../components/cluster/facts";
import type { DatabaseBinding } from "../../../components/kit/bindings";
import { externalEndpoint, httpUrl, inClusterEndpoint } from "../../../components/kit/endpoint";
import { CERT_MANAGER_RELEASE, certManagerValues } from "../../../components/edge/certManagerValues";
import { TRAEFIK_RELEASE } from "../../../components/edge/charts";
import { controllerPodSecurity, exposureOf } from "../../../components/edge/exposure";
import { edgeNamespaceLabels } from "../../../components/edge/namespaces";
import { type EdgeNamespaceRole, edgeNetworkPolicies } from "../../../components/edge/networkPolicies";
import { TRAEFIK_POD_LABELS, traefikValues } from "../../../components/edge/traefikValues";
import { namespaceLabels } from "../../../components/foundation/labels";
import { networkPoliciesFor, type NetworkPolicySpec } from "../../../components/foundation/networkPolicies";
import { CREDENTIALS, serviceAccountsFor } from "../../../components/foundation/serviceCatalog";
import { RELEASE } from "../../../components/observability/charts";
import { withChartExemptions } from "../../../components/observability/chartExemptions";
import { deploysChart, observabilityPlacement } from "../../../stacks";
import { kubePrometheusStackValues } from "../../../components/observability/values";
import { helmTemplate, type Rendered } from "./helm";
import { plain } from "./plain";

export interface StackRender {
  config: StackConfig;
  /** What the program creates around the charts: Namespaces, NetworkPolicies and ServiceAccounts. */
  program: KubeObject[];
  /** Empty when the stack does not install that chart. */
  traefik: Rendered[];
  certManager: Rendered[];
  observability: Rendered[];
}

const namespace = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
const networkPolicies = (name: string, policies: NetworkPolicySpec[]): KubeObject[] =>
  policies.map((policy) => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: policy.name, namespace: name }, spec: policy.spec }));
// As the program has them: with Prometheus in the cluster, cert-manager's lets it scrape.
const prometheusNamespace = (config: StackConfig) => (observabilityPlacement(config.services).prometheus === "in-cluster" ? config.namespaces.observability.name : undefined);
const edgePolicies = (config: StackConfig, name: string, role: EdgeNamespaceRole) => networkPolicies(name, edgeNetworkPolicies(config.network, role, TRAEFIK_POD_LABELS, prometheusNamespace(config)));

export async function renderStack(config: StackConfig): Promise<StackRender> {
  const kubeVersion = clusterFacts(config.cluster, config.storage).kubernetesVersion;
  const program: KubeObject[] = [];

  let traefik: Rendered[] = [];
  let certManager: Rendered[] = [];
  if (config.edge.enabled) {
    if (config.edge.controller === "traefik") {
      const controllerNamespace = config.network.ingressControllerNamespace;
      program.push(namespace(controllerNamespace, edgeNamespaceLabels(config, controllerPodSecurity(exposureOf(config)))), ...edgePolicies(config, controllerNamespace, "ingress-controller"));
      traefik = helmTemplate({
        chart: "traefik",
        release: TRAEFIK_RELEASE.name,
        namespace: controllerNamespace,
        values: traefikValues(config),
        kubeVersion,
        hooks: false,
        crds: !TRAEFIK_RELEASE.skipCrds,
      });
    }
    program.push(namespace(config.edge.certManagerNamespace, edgeNamespaceLabels(config, "restricted")), ...edgePolicies(config, config.edge.certManagerNamespace, "cert-manager"));
    const certManagerNamespace = config.edge.certManagerNamespace;
    // Chart v4 applies the chart's hooks (the start-up check Job) like any other object.
    certManager = helmTemplate({
      chart: "cert-manager",
      release: CERT_MANAGER_RELEASE.name,
      namespace: certManagerNamespace,
      values: certManagerValues(config, certManagerNamespace),
      kubeVersion,
      hooks: true,
      crds: true,
    });
  }

  let observability: Rendered[] = [];
  const placement = observabilityPlacement(config.services);
  if (deploysChart(placement)) {
    const observabilityNamespace = config.namespaces.observability;
    program.push(
      namespace(
        observabilityNamespace.name,
        namespaceLabels({ environment: config.environment, role: "observability", podSecurity: observabilityNamespace.podSecurity, kubernetesVersion: kubeVersion }),
      ),
      ...networkPolicies(observabilityNamespace.name, networkPoliciesFor(config.network)),
    );
    const accounts = serviceAccountsFor(config.services).filter((account) => account.namespace === "observability");
    for (const account of accounts) {
      program.push({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: account.name, namespace: observabilityNamespace.name },
        automountServiceAccountToken: account.apiAccess !== undefined,
      });
    }
    const accountName = (service: string) => accounts.find((account) => account.service === service)?.name;
    const values = kubePrometheusStackValues({
      config,
      placement,
      storageClassName: config.storage.className,
      serviceAccounts: { prometheus: accountName("prometheus"), grafana: accountName("grafana") },
      grafanaAdminSecret: placement.grafana === "in-cluster" ? secretOf("grafana-admin") : undefined,
      grafanaDatabase: placement.grafana === "in-cluster" ? grafanaDatabase(config) : undefined,
      externalPrometheusUrl: placement.prometheus === "external" && config.services.prometheus.external ? httpUrl(externalEndpoint(config.services.prometheus.external)) : undefined,
    });
    observability = helmTemplate({ chart: "kube-prometheus-stack", release: RELEASE, namespace: observabilityNamespace.name, values: await plain(values), kubeVersion, hooks: false, crds: true }).map(
      (rendered) => ({ ...rendered, object: withChartExemptions(rendered.object) }),
    );
  }

  return { config, program, traefik, certManager, observability };
}

function secretOf(name: string): string {
  const credential = CREDENTIALS.find((c) => c.secretName === name);
  if (!credential) throw new Error(`the foundation generates no Secret ${name}`);
  return credential.secretName;
}

/** The binding index.ts hands Grafana: PostgreSQL in the platform namespace (Service "postgres") or the external server. */
function grafanaDatabase(config: StackConfig): DatabaseBinding {
  const postgres = config.services.postgres;
  const endpoint = postgres.mode === "external" && postgres.external ? externalEndpoint(postgres.external) : inClusterEndpoint("postgres", config.namespaces.platform.name, 5432);
  return { endpoint, database: "grafana", secret: { name: secretOf("grafana-database"), keys: { username: "username", password: "password" } }, ready: [] };
}
