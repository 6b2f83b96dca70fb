import { z } from "zod";
import { cidr, cpu, k8sName, labels, memory, positiveInt, storageSize } from "./primitives";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The namespaces of the contract (section 5.1), by the role they play; their names are config. */
export const NAMESPACE_ROLES = ["platform", "workflows", "services", "observability"] as const;
export type NamespaceRole = (typeof NAMESPACE_ROLES)[number];

export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;

const cpuMemory = z.strictObject({ cpu, memory }).meta({ accepts: "cpu and memory quantities" });

export const namespace = z.strictObject({
  name: k8sName.describe("the namespace's name"),
  /** Pod Security Admission level enforced; `warn` and `audit` always report against restricted. */
  podSecurity: z.enum(POD_SECURITY_LEVELS).describe("the Pod Security level enforced, pinned to the cluster's version; warn and audit always report against restricted"),
  quota: z.strictObject({
    requests: cpuMemory.describe("the sum of the pods' requests"),
    limits: cpuMemory.describe("the sum of the pods' limits"),
    pods: positiveInt.describe("pods at most"),
    persistentVolumeClaims: z.int().min(0).describe("volume claims at most"),
    storage: storageSize.describe("the sum of the claims' sizes"),
  }),
  /** Defaults for containers that state no resources, and the largest a single container may ask. */
  limitRange: z.strictObject({
    defaultRequest: cpuMemory.describe("what a container that states no request gets"),
    defaultLimit: cpuMemory.describe("what a container that states no limit gets"),
    max: cpuMemory.describe("the most one container may ask"),
  }),
});
export type NamespaceConfig = z.infer<typeof namespace>;

export const namespaces = z.strictObject({
  platform: namespace.describe("the object store, databases, catalog and Trino"),
  workflows: namespace.describe("Airflow and Dagster"),
  services: namespace.describe("your own services"),
  observability: namespace.describe("Prometheus and Grafana"),
});

/** Namespaces that declare where future services go (kind-staging-design.md, decision 3). */
export const placeholderNamespace = z.strictObject({
  name: k8sName.describe("the namespace's name"),
  description: z.string().min(1).describe("what will run there (an annotation)"),
  owner: z.string().min(1).optional().describe("the team that will (a label)"),
});

export const storage = z.strictObject({
  /** The one storage class every data volume uses; components never name one themselves. */
  className: k8sName.describe("the one storage class every data volume uses"),
  /** Create the class (true) or adopt one the cluster already has (false). */
  create: z.boolean().describe("create the class, or adopt one the cluster has (then no provisioner)"),
  provisioner: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[-a-z0-9.]+)?$/, { error: "a CSI driver or provisioner name such as ebs.csi.aws.com" })
    .meta({ accepts: "a CSI driver name" })
    .optional()
    .describe("the class's provisioner; required for existing clusters"),
  parameters: z.record(z.string(), z.string()).describe("the provisioner's parameters"),
  reclaimPolicy: z.enum(["Delete", "Retain"]).describe("what happens to a volume when its claim goes; prod requires Retain"),
  volumeBindingMode: z.enum(["WaitForFirstConsumer", "Immediate"]).describe("when a volume is provisioned"),
  allowVolumeExpansion: z.boolean().describe("whether claims may grow"),
});
export type StorageConfig = z.infer<typeof storage>;

export const network = z.strictObject({
  /** allow-all (the contract's default for development) or default-deny with explicit allows. */
  policy: z
    .enum(["allow-all", "default-deny"])
    .describe(
      "allow-all, or default-deny with DNS and, between services, exactly the dependency graph: each admits its own pods, its consumers, the ingress controller if it has a UI, and Prometheus; prod refuses allow-all",
    ),
  /** Where the ingress controller runs; its pods may reach the platform's UIs. */
  ingressControllerNamespace: k8sName.describe("where the ingress controller runs; its pods may reach the services with a UI"),
  /**
   * The cluster DNS every pod may query under default-deny: its namespace and its pods' labels.
   * kube-system and k8s-app: kube-dns on kind, EKS, GKE and AKS; on OpenShift, openshift-dns and
   * dns.operator.openshift.io/daemonset-dns: default.
   */
  dns: z.strictObject({
    namespace: k8sName.describe("the cluster DNS's namespace (OpenShift: openshift-dns)"),
    podLabels: labels.describe("its pods' labels (OpenShift: dns.operator.openshift.io/daemonset-dns: default)"),
  }),
  /** The API server's addresses, for the few workloads that call the Kubernetes API under default-deny. */
  apiServerCidrs: z.array(cidr).describe("the API server's addresses, opened only to pods whose ServiceAccount uses the API"),
  /** Destinations outside the cluster the platform may reach (managed databases, object stores). */
  externalEgressCidrs: z.array(cidr).describe("destinations outside the cluster (managed databases, object stores)"),
});
export type NetworkConfig = z.infer<typeof network>;
