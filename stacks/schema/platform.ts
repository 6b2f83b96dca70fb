import { z } from "zod";
import { cidr, cpu, k8sName, labels, memory, positiveInt, storageSize } from "./primitives";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The namespaces of the contract (section 5.1), by the role they play; their names are config. */
export const NAMESPACE_ROLES = ["platform", "workflows", "services", "observability"] as const;
export type NamespaceRole = (typeof NAMESPACE_ROLES)[number];

export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;

const cpuMemory = z.strictObject({ cpu, memory });

export const namespace = z.strictObject({
  name: k8sName,
  /** Pod Security Admission level enforced; `warn` and `audit` always report against restricted. */
  podSecurity: z.enum(POD_SECURITY_LEVELS),
  quota: z.strictObject({
    requests: cpuMemory,
    limits: cpuMemory,
    pods: positiveInt,
    persistentVolumeClaims: z.int().min(0),
    storage: storageSize,
  }),
  /** Defaults for containers that state no resources, and the largest a single container may ask. */
  limitRange: z.strictObject({
    defaultRequest: cpuMemory,
    defaultLimit: cpuMemory,
    max: cpuMemory,
  }),
});
export type NamespaceConfig = z.infer<typeof namespace>;

export const namespaces = z.strictObject({
  platform: namespace,
  workflows: namespace,
  services: namespace,
  observability: namespace,
});

/** Namespaces that declare where future services go (kind-staging-design.md, decision 3). */
export const placeholderNamespace = z.strictObject({
  name: k8sName,
  description: z.string().min(1),
  owner: z.string().min(1).optional(),
});

export const storage = z.strictObject({
  /** The one storage class every data volume uses; components never name one themselves. */
  className: k8sName,
  /** Create the class (true) or adopt one the cluster already has (false). */
  create: z.boolean(),
  provisioner: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[-a-z0-9.]+)?$/, { error: "a CSI driver or provisioner name such as ebs.csi.aws.com" })
    .optional(),
  parameters: z.record(z.string(), z.string()),
  reclaimPolicy: z.enum(["Delete", "Retain"]),
  volumeBindingMode: z.enum(["WaitForFirstConsumer", "Immediate"]),
  allowVolumeExpansion: z.boolean(),
});
export type StorageConfig = z.infer<typeof storage>;

export const network = z.strictObject({
  /** allow-all (the contract's default for development) or default-deny with explicit allows. */
  policy: z.enum(["allow-all", "default-deny"]),
  /** Where the ingress controller runs; its pods may reach the platform's UIs. */
  ingressControllerNamespace: k8sName,
  /**
   * The cluster DNS every pod may query under default-deny: its namespace and its pods' labels.
   * kube-system and k8s-app: kube-dns on kind, EKS, GKE and AKS; on OpenShift, openshift-dns and
   * dns.operator.openshift.io/daemonset-dns: default.
   */
  dns: z.strictObject({
    namespace: k8sName,
    podLabels: labels,
  }),
  /** The API server's addresses, for the few workloads that call the Kubernetes API under default-deny. */
  apiServerCidrs: z.array(cidr),
  /** Destinations outside the cluster the platform may reach (managed databases, object stores). */
  externalEgressCidrs: z.array(cidr),
});
export type NetworkConfig = z.infer<typeof network>;
