// Defaults per environment and per cluster type. A stack file states what differs; everything it
// omits comes from here. Sizes start from ../shared/seeds/kind-staging-design.md (decision 8).
import type { ClusterType, Environment, NamespaceRole } from "./schema";
import { pickerFor, size, type JsonObject } from "./services/descriptor";
import { servicesDefaults } from "./services";

export type { JsonObject };

const namespaceDefaults = (name: string, requests: [string, string], limits: [string, string], pods: number, pvcs: number, storage: string) => ({
  name,
  podSecurity: "restricted",
  quota: {
    requests: { cpu: requests[0], memory: requests[1] },
    limits: { cpu: limits[0], memory: limits[1] },
    pods,
    persistentVolumeClaims: pvcs,
    storage,
  },
  limitRange: {
    defaultRequest: { cpu: "100m", memory: "128Mi" },
    defaultLimit: { cpu: "500m", memory: "512Mi" },
    max: { cpu: limits[0], memory: limits[1] },
  },
});

const NAMESPACE_NAMES: Record<NamespaceRole, string> = {
  platform: "lakehouse-platform",
  workflows: "lakehouse-workflows",
  services: "lakehouse-services",
  observability: "lakehouse-observability",
};

function namespacesFor(environment: Environment): JsonObject {
  type Row = [requests: [string, string], limits: [string, string], pods: number, pvcs: number, storage: string];
  const table: Record<Environment, Record<NamespaceRole, Row>> = {
    dev: {
      platform: [["3", "6Gi"], ["8", "12Gi"], 40, 10, "100Gi"],
      workflows: [["2", "4Gi"], ["12", "12Gi"], 40, 5, "20Gi"],
      services: [["1", "2Gi"], ["2", "4Gi"], 20, 5, "20Gi"],
      observability: [["1", "2Gi"], ["2", "4Gi"], 20, 5, "50Gi"],
    },
    staging: {
      platform: [["16", "64Gi"], ["32", "128Gi"], 100, 20, "2Ti"],
      workflows: [["12", "32Gi"], ["32", "64Gi"], 200, 10, "200Gi"],
      services: [["4", "16Gi"], ["8", "32Gi"], 50, 10, "200Gi"],
      observability: [["4", "16Gi"], ["8", "32Gi"], 50, 10, "500Gi"],
    },
    prod: {
      platform: [["48", "256Gi"], ["96", "384Gi"], 200, 40, "10Ti"],
      workflows: [["32", "96Gi"], ["64", "192Gi"], 500, 20, "1Ti"],
      services: [["8", "32Gi"], ["16", "64Gi"], 100, 20, "500Gi"],
      observability: [["8", "32Gi"], ["16", "64Gi"], 100, 20, "2Ti"],
    },
  };
  return Object.fromEntries(Object.entries(table[environment]).map(([role, row]) => [role, namespaceDefaults(NAMESPACE_NAMES[role as NamespaceRole], ...row)]));
}

/** The storage class each cluster type provides best; `existing` must name its own provisioner. */
function storageFor(environment: Environment, clusterType: ClusterType | undefined): JsonObject {
  const byType: Partial<Record<ClusterType, { provisioner: string; parameters: Record<string, string>; allowVolumeExpansion: boolean }>> = {
    // kind ships rancher's local-path provisioner as its `standard` class; it cannot expand volumes.
    kind: { provisioner: "rancher.io/local-path", parameters: {}, allowVolumeExpansion: false },
    eks: { provisioner: "ebs.csi.aws.com", parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" }, allowVolumeExpansion: true },
    gke: { provisioner: "pd.csi.storage.gke.io", parameters: { type: "pd-balanced" }, allowVolumeExpansion: true },
    // AKS's managed-csi: Standard SSD through the Azure Disk CSI driver.
    aks: { provisioner: "disk.csi.azure.com", parameters: { skuName: "StandardSSD_LRS" }, allowVolumeExpansion: true },
  };
  const chosen = clusterType ? byType[clusterType] : undefined;
  return {
    className: "lakehouse-data",
    create: true,
    ...(chosen ?? { parameters: {}, allowVolumeExpansion: true }),
    // Data outlives a mistaken delete in staging and prod (the kind staging design retains every
    // volume); dev volumes are disposable.
    reclaimPolicy: environment === "dev" ? "Delete" : "Retain",
    volumeBindingMode: "WaitForFirstConsumer",
  };
}

/** The edge's own pods: one of each in dev; two elsewhere, so a node drain or a rollout never takes the edge down. */
function edgeFor(environment: Environment): JsonObject {
  const pick = pickerFor(environment);
  return {
    enabled: true,
    controller: "traefik",
    // *.localtest.me resolves to loopback: the dev UIs answer on the laptop without /etc/hosts edits.
    domain: environment === "dev" ? "lakehouse.localtest.me" : `lakehouse-${environment}.example.com`,
    certManagerNamespace: "lakehouse-cert-manager",
    replicas: pick(1, 2, 2),
    resources: {
      traefik: pick(size("100m", "128Mi", "500m", "256Mi"), size("250m", "256Mi", "1", "512Mi"), size("500m", "512Mi", "2", "1Gi")),
      certManager: pick(size("20m", "64Mi", "200m", "256Mi"), size("50m", "128Mi", "500m", "512Mi"), size("100m", "256Mi", "1", "512Mi")),
      certManagerWebhook: pick(size("10m", "32Mi", "100m", "128Mi"), size("20m", "64Mi", "200m", "128Mi"), size("50m", "64Mi", "200m", "256Mi")),
      certManagerCainjector: pick(size("10m", "64Mi", "100m", "256Mi"), size("20m", "128Mi", "200m", "512Mi"), size("50m", "256Mi", "500m", "1Gi")),
      certManagerStartupCheck: size("10m", "32Mi", "100m", "64Mi"),
    },
    tls: {
      issuer: environment === "dev" ? "self-signed" : "acme",
      acmeServer: environment === "prod" ? "https://acme-v02.api.letsencrypt.org/directory" : "https://acme-staging-v02.api.letsencrypt.org/directory",
    },
  };
}

function clusterFor(environment: Environment, clusterType: ClusterType | undefined): JsonObject {
  const defaults: JsonObject = { ingressClass: "traefik" };
  if (clusterType === "kind") {
    defaults.kind = { controlPlaneNodes: 1, workerNodes: 2, httpPort: 80, httpsPort: 443 };
  }
  if (clusterType === "eks") defaults.eks = { publicSubnetIds: [], endpointPublicAccess: environment === "dev" };
  if (clusterType === "gke") defaults.gke = { releaseChannel: environment === "prod" ? "STABLE" : "REGULAR", diskType: "pd-balanced" };
  if (clusterType === "aks") defaults.aks = { tier: environment === "dev" ? "Free" : "Standard" };
  if (clusterType === "existing") defaults.existing = { loadBalancer: false };
  return defaults;
}

/** Every default for one environment and cluster type, as plain data to merge a stack file onto. */
export function defaultsFor(environment: Environment, clusterType: ClusterType | undefined): JsonObject {
  return {
    environment,
    cluster: clusterFor(environment, clusterType),
    storage: storageFor(environment, clusterType),
    namespaces: namespacesFor(environment),
    placeholderNamespaces: [],
    apps: [],
    appOverrides: {},
    network: {
      policy: environment === "dev" ? "allow-all" : "default-deny",
      ingressControllerNamespace: "lakehouse-edge",
      // Every supported cluster type (kind, EKS, GKE, AKS) labels its CoreDNS or kube-dns pods so.
      dns: { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
      apiServerCidrs: [],
      externalEgressCidrs: [],
    },
    services: servicesDefaults(environment),
    images: { overrides: {} },
    charts: {},
    edge: edgeFor(environment),
  };
}
