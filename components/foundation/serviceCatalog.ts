// Who runs in the platform: each service's identities, where they live, what they may ask of
// the Kubernetes API, and which credentials are generated for them. Enabled in-cluster services
// get their ServiceAccounts and credentials; nothing runs as `default`.
import type { NamespaceRole, ServiceName, ServicesConfig } from "../../stacks";
import type { SecretKeySpec } from "../kit/generatedSecret";

/** The few API needs in the platform, each granted as a namespaced Role (never cluster-wide). */
export type ApiAccess = "launch-pods" | "launch-jobs" | "discover-targets";

export interface ServiceAccountSpec {
  service: ServiceName;
  name: string;
  namespace: NamespaceRole;
  apiAccess?: ApiAccess;
  /** Also created when the service is external: its deploy-time Jobs still run in the cluster. */
  whenExternal?: boolean;
}

export interface CredentialSpec {
  service: ServiceName;
  secretName: string;
  namespace: NamespaceRole;
  keys: Record<string, SecretKeySpec>;
}

export const SERVICE_ACCOUNTS: ServiceAccountSpec[] = [
  { service: "objectStore", name: "object-store", namespace: "platform" },
  // The Job that creates each consumer's role and database runs against an external server too.
  { service: "postgres", name: "postgres", namespace: "platform", whenExternal: true },
  { service: "valkey", name: "valkey", namespace: "platform" },
  { service: "nessie", name: "nessie", namespace: "platform" },
  { service: "trino", name: "trino-coordinator", namespace: "platform" },
  { service: "trino", name: "trino-worker", namespace: "platform" },
  // KubernetesExecutor starts a pod per task.
  { service: "airflow", name: "airflow", namespace: "workflows", apiAccess: "launch-pods" },
  // K8sRunLauncher starts a Job per run.
  { service: "dagster", name: "dagster", namespace: "workflows", apiAccess: "launch-jobs" },
  // Service discovery of scrape targets in each lakehouse namespace.
  { service: "prometheus", name: "prometheus", namespace: "observability", apiAccess: "discover-targets" },
  { service: "grafana", name: "grafana", namespace: "observability" },
];

const password = { length: 32 } as const;

export const CREDENTIALS: CredentialSpec[] = [
  // The store's root key (MinIO) and, for Garage, the cluster RPC secret (32 bytes, hex) and admin API token.
  {
    service: "objectStore",
    secretName: "object-store-admin",
    namespace: "platform",
    keys: { accessKeyId: { length: 20, special: false, lower: false }, secretAccessKey: { length: 40 }, rpcSecret: { hexBytes: 32 }, adminToken: { length: 48 } },
  },
  { service: "postgres", secretName: "postgres-superuser", namespace: "platform", keys: { username: { value: "postgres" }, password } },
  { service: "valkey", secretName: "valkey-auth", namespace: "platform", keys: { password } },
  { service: "nessie", secretName: "nessie-database", namespace: "platform", keys: { username: { value: "nessie" }, password } },
  { service: "trino", secretName: "trino-internal", namespace: "platform", keys: { sharedSecret: { length: 64 } } },
  // Trino's admin login; the coordinator gets only the password's bcrypt hash (its password file).
  { service: "trino", secretName: "trino-admin", namespace: "platform", keys: { username: { value: "admin" }, password } },
  { service: "airflow", secretName: "airflow-database", namespace: "workflows", keys: { username: { value: "airflow" }, password } },
  // Fernet keys are 32 random bytes, url-safe base64.
  {
    service: "airflow",
    secretName: "airflow-keys",
    namespace: "workflows",
    keys: { fernetKey: { bytes: 32 }, apiSecretKey: { length: 48 }, jwtSecret: { length: 48 }, adminUsername: { value: "admin" }, adminPassword: password },
  },
  { service: "dagster", secretName: "dagster-database", namespace: "workflows", keys: { username: { value: "dagster" }, password } },
  { service: "grafana", secretName: "grafana-admin", namespace: "observability", keys: { username: { value: "admin" }, password } },
  { service: "grafana", secretName: "grafana-database", namespace: "observability", keys: { username: { value: "grafana" }, password } },
];

/** ServiceAccounts of the enabled services: in-cluster ones, and those an external service's Jobs need. */
export function serviceAccountsFor(services: ServicesConfig): ServiceAccountSpec[] {
  const inCluster = inClusterServices(services);
  return SERVICE_ACCOUNTS.filter((account) => inCluster.has(account.service) || (account.whenExternal === true && services[account.service].enabled));
}

/** Services enabled and running in the cluster (external ones need no identity here). */
export function inClusterServices(services: ServicesConfig): Set<ServiceName> {
  return new Set(
    (Object.keys(services) as ServiceName[]).filter((name) => services[name].enabled && services[name].mode === "in-cluster"),
  );
}
