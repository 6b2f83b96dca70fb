import { ConfigError, parseStackConfig } from "./index";
import { rawLakehouseConfig, STACKS } from "../test/stackFiles";

/** A copy of a stack file's lakehouse config with one change applied. */
function variant(stack: string, change: (config: any) => void): Record<string, unknown> {
  const config = structuredClone(rawLakehouseConfig(stack));
  change(config);
  return config;
}

function problemsOf(raw: Record<string, unknown>, stackName = "dev"): ConfigError["problems"] {
  try {
    parseStackConfig(raw, stackName);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}

describe("the stack files", () => {
  it.each(STACKS)("%s is valid and keeps its environment", (stack) => {
    const config = parseStackConfig(rawLakehouseConfig(stack), stack);
    expect(config.environment).toBe(stack);
  });

  it("fills what a stack omits from its environment's defaults", () => {
    const config = parseStackConfig(rawLakehouseConfig("dev"), "dev");
    expect(config.namespaces.platform.name).toBe("lakehouse-platform");
    expect(config.services.airflow.resources.requests.cpu).toBe("150m");
    const prod = parseStackConfig(rawLakehouseConfig("prod"), "prod");
    expect(prod.services.nessie.replicas).toBe(3);
    expect(prod.storage.reclaimPolicy).toBe("Retain");
  });

  it("derives the environment from the stack name only when the name is one", () => {
    const raw = variant("dev", (c) => delete c.environment);
    expect(parseStackConfig(raw, "dev").environment).toBe("dev");
    expect(problemsOf(raw, "feature-x")).toEqual([expect.objectContaining({ key: "lakehouse:environment" })]);
  });
});

// Each case: a change to a valid stack, the key the error must name, and words its "accepted" must say.
type Case = [title: string, stack: string, change: (config: any) => void, key: string, accepted: RegExp];

// A valid app; each bad-input case below breaks one thing about it.
const anApp = () => ({
  name: "circle-core",
  image: "registry.acme.example/circle/core:2.3.1",
  ports: [{ name: "http", port: 8080 }],
  replicas: 1,
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  probes: { liveness: { http: { path: "/healthz", port: "http" } }, readiness: { tcp: { port: "http" } } },
  ingress: { host: "circle", port: "http" },
});
const withApp = (change: (app: any) => void) => (c: any) => {
  const app: any = anApp();
  change(app);
  c.apps = [app];
};

const cases: Case[] = [
  ["an app without probes", "staging", withApp((a) => delete a.probes), "lakehouse:apps[0].probes", /liveness and readiness/],
  ["an app without a readiness probe", "staging", withApp((a) => delete a.probes.readiness), "lakehouse:apps[0].probes.readiness", /one of http/],
  ["an app without resources", "staging", withApp((a) => delete a.resources), "lakehouse:apps[0].resources", /requests and limits/],
  ["an app requesting more than its limit", "staging", withApp((a) => (a.resources.requests.cpu = "2")), "lakehouse:apps[0].resources.requests.cpu", /at most the limit 500m/],
  ["an app on an unpinned image", "staging", withApp((a) => (a.image = "registry.acme.example/circle/core:latest")), "lakehouse:apps[0].image", /a pinned image reference/],
  ["an app probing a port it does not declare", "staging", withApp((a) => (a.probes.liveness.http.port = "admin")), "lakehouse:apps[0].probes.liveness.http.port", /one of its ports \(http\)/],
  ["an app probe of two kinds", "staging", withApp((a) => (a.probes.liveness.tcp = { port: "http" })), "lakehouse:apps[0].probes.liveness", /exactly one of http, tcp and exec/],
  ["an app on a platform UI's host", "staging", withApp((a) => (a.ingress.host = "trino")), "lakehouse:apps[0].ingress.host", /other than the platform's own UIs/],
  [
    "an app with an Ingress but no edge",
    "staging",
    (c) => {
      withApp(() => undefined)(c);
      c.edge = { ...c.edge, enabled: false };
    },
    "lakehouse:apps[0].ingress",
    /lakehouse:edge.enabled is false/,
  ],
  [
    "an app autoscaled below its minimum",
    "staging",
    withApp((a) => (delete a.replicas, (a.autoscaling = { minReplicas: 4, maxReplicas: 2, cpuUtilization: 70 }))),
    "lakehouse:apps[0].autoscaling.maxReplicas",
    /at least minReplicas \(4\)/,
  ],
  [
    "an app with both replicas and autoscaling",
    "staging",
    withApp((a) => (a.autoscaling = { minReplicas: 2, maxReplicas: 4, cpuUtilization: 70 })),
    "lakehouse:apps[0].replicas",
    /absent with autoscaling/,
  ],
  ["an app with neither replicas nor autoscaling", "staging", withApp((a) => delete a.replicas), "lakehouse:apps[0].replicas", /the number of pods/],
  [
    "an app variable set twice",
    "staging",
    withApp((a) => ((a.env = { TOKEN: "x" }), (a.generatedSecrets = { TOKEN: { length: 32 } }))),
    "lakehouse:apps[0].generatedSecrets.TOKEN",
    /not also set in env/,
  ],
  [
    "an app bound to a disabled service",
    "staging",
    (c) => (
      (c.services.dagster = { enabled: false }),
      withApp((a) => (a.bindings = { cache: { database: 2 } }))(c),
      (c.services.valkey = { enabled: false }),
      (c.services.airflow = { enabled: false })
    ),
    "lakehouse:apps[0].bindings.cache",
    /absent \(or false\) while lakehouse:services.valkey is disabled/,
  ],
  [
    "two apps on one cache database",
    "staging",
    (c) =>
      (c.apps = [
        { ...anApp(), bindings: { cache: { database: 2 } } },
        { ...anApp(), name: "circle-b", ingress: undefined, bindings: { cache: { database: 2 } } },
      ]),
    "lakehouse:apps[1].bindings.cache.database",
    /no other app uses \(circle-core has it\)/,
  ],
  ["an app named like a platform service", "staging", withApp((a) => (a.name = "object-store")), "lakehouse:apps[0].name", /other than the platform's services'/],
  [
    "an app variable its binding sets",
    "staging",
    withApp((a) => ((a.bindings = { database: true }), (a.env = { DATABASE_HOST: "elsewhere" }))),
    "lakehouse:apps[0].env.DATABASE_HOST",
    /not also set in bindings/,
  ],
  ["two apps of one name", "staging", (c) => (c.apps = [anApp(), { ...anApp(), ingress: { host: "circle-2", port: "http" } }]), "lakehouse:apps[1].name", /a name no other app of the stack has/],
  ["two apps on one host", "staging", (c) => (c.apps = [anApp(), { ...anApp(), name: "circle-edge" }]), "lakehouse:apps[1].ingress.host", /a host no other app has \(circle-core has it\)/],
  [
    "an override of an app not declared",
    "staging",
    (c) => ((c.apps = [anApp()]), (c.appOverrides = { "circle-cor": { replicas: 2 } })),
    "lakehouse:appOverrides.circle-cor",
    /an override of an app in lakehouse:apps \(circle-core\)/,
  ],
  ["an override with a key apps do not have", "staging", (c) => ((c.apps = [anApp()]), (c.appOverrides = { "circle-core": { replica: 2 } })), "lakehouse:apps[0].replica", /no such key/],

  ["wrong type for the cluster block", "dev", (c) => (c.cluster = "kind"), "lakehouse:cluster", /object/],
  ["unknown cluster type", "dev", (c) => (c.cluster.type = "openshift"), "lakehouse:cluster.type", /"kind", "eks", "gke", "aks", "existing"/],
  ["Kubernetes 1.27, below the contract", "dev", (c) => (c.cluster.kubernetesVersion = "1.27"), "lakehouse:cluster.kubernetesVersion", /at least 1\.28/],
  ["malformed version", "dev", (c) => (c.cluster.kubernetesVersion = "v1.31"), "lakehouse:cluster.kubernetesVersion", /"1\.MINOR"/],
  ["version given as a number", "dev", (c) => (c.cluster.kubernetesVersion = 1.31), "lakehouse:cluster.kubernetesVersion", /string/],
  ["missing version", "dev", (c) => delete c.cluster.kubernetesVersion, "lakehouse:cluster.kubernetesVersion", /"1.MINOR" or "1.MINOR.PATCH".*required: the control plane.s version/],
  ["kind version without a pinned node image", "dev", (c) => (c.cluster.kubernetesVersion = "1.29"), "lakehouse:cluster.kubernetesVersion", /pinned node image.*nodeImage/],
  ["zero replicas", "dev", (c) => (c.services.nessie.replicas = 0), "lakehouse:services.nessie.replicas", /at least 1/],
  ["negative worker replicas", "staging", (c) => (c.services.trino.workers.replicas = -2), "lakehouse:services.trino.workers.replicas", /at least 1/],
  ["fractional replicas", "dev", (c) => (c.services.nessie.replicas = 1.5), "lakehouse:services.nessie.replicas", /int/],
  ["malformed CPU quantity", "dev", (c) => (c.services.postgres.resources.requests.cpu = "250 millicores"), "lakehouse:services.postgres.resources.requests.cpu", /CPU quantity/],
  ["zero CPU", "dev", (c) => (c.services.postgres.resources.limits.cpu = "0"), "lakehouse:services.postgres.resources.limits.cpu", /positive CPU/],
  ["memory in millibytes", "dev", (c) => (c.services.valkey.resources.limits.memory = "512m"), "lakehouse:services.valkey.resources.limits.memory", /"m" means milli/],
  ["malformed memory", "dev", (c) => (c.services.valkey.resources.requests.memory = "1 GB"), "lakehouse:services.valkey.resources.requests.memory", /memory quantity/],
  ["request above its limit", "dev", (c) => (c.services.postgres.resources.requests.memory = "1Gi"), "lakehouse:services.postgres.resources.requests.memory", /at most the limit 512Mi/],
  ["IP address as an external host", "prod", (c) => (c.services.postgres.external.host = "10.1.2.3"), "lakehouse:services.postgres.external.host", /DNS name.*IP addresses are refused/],
  ["IPv6 address in an endpoint URL", "prod", (c) => (c.services.objectStore.external.endpoint = "https://[fd00::1]:9000"), "lakehouse:services.objectStore.external.endpoint", /host is a DNS name/],
  [
    "typo in a cluster key",
    "dev",
    (c) => {
      c.cluster.kubernetesVerison = "1.31";
    },
    "lakehouse:cluster.kubernetesVerison",
    /did you mean "kubernetesVersion"/,
  ],
  [
    "typo in a top-level key",
    "dev",
    (c) => {
      c.servces = {};
    },
    "lakehouse:servces",
    /no such key; the lakehouse keys are/,
  ],
  [
    "typo in a service name",
    "dev",
    (c) => {
      c.services.trinoo = { enabled: true };
    },
    "lakehouse:services.trinoo",
    /did you mean "trino"/,
  ],
  [
    "eks without its block",
    "dev",
    (c) => {
      c.cluster.type = "eks";
      delete c.cluster.kind;
    },
    "lakehouse:cluster.eks",
    /required when lakehouse:cluster.type is "eks"/,
  ],
  ["eks block missing its region", "staging", (c) => delete c.cluster.eks.region, "lakehouse:cluster.eks.region", /an AWS region \(required: the cluster.s region\)/],
  [
    "existing cluster with neither kubeconfig nor context",
    "dev",
    (c) => {
      c.cluster.type = "existing";
      delete c.cluster.kind;
      c.cluster.existing = { loadBalancer: false };
      c.storage.provisioner = "k8s.io/minikube-hostpath";
    },
    "lakehouse:cluster.existing.kubeconfig",
    /kubeconfig file path or a context name/,
  ],
  ["a block for another cluster type", "dev", (c) => (c.cluster.gke = { project: "acme-data-dev" }), "lakehouse:cluster.gke", /conflicting settings/],
  ["node pool min above max", "staging", (c) => (c.cluster.eks.nodePool.minNodes = 8), "lakehouse:cluster.eks.nodePool", /minNodes <= desiredNodes <= maxNodes/],
  ["private API endpoint with public CIDRs", "staging", (c) => (c.cluster.eks.endpointPublicAccess = false), "lakehouse:cluster.eks.publicAccessCidrs", /conflicting settings/],
  ["malformed subnet id", "staging", (c) => (c.cluster.eks.privateSubnetIds[1] = "subnet-xyz"), "lakehouse:cluster.eks.privateSubnetIds[1]", /subnet id/],
  ["same host port for http and https", "dev", (c) => (c.cluster.kind.httpsPort = 80), "lakehouse:cluster.kind.httpsPort", /different from/],
  ["three-node etcd mistyped as two", "dev", (c) => (c.cluster.kind.controlPlaneNodes = 2), "lakehouse:cluster.kind.controlPlaneNodes", /1 or 3/],
  ["unknown environment", "dev", (c) => (c.environment = "production"), "lakehouse:environment", /"dev", "staging", "prod"/],
  ["external mode without an endpoint", "dev", (c) => (c.services.valkey.mode = "external"), "lakehouse:services.valkey.external", /required when its mode is "external"/],
  [
    "in-cluster mode with an endpoint",
    "dev",
    (c) => (c.services.valkey.external = { host: "redis.acme.internal", port: 6379, tls: true }),
    "lakehouse:services.valkey.external",
    /conflicting settings/,
  ],
  ["a consumer without its dependency", "dev", (c) => (c.services.postgres.enabled = false), "lakehouse:services.postgres.enabled", /nessie needs postgres/],
  [
    "Grafana without its database",
    "dev",
    (c) => {
      c.services.postgres.enabled = false;
      for (const name of ["nessie", "trino", "airflow"]) c.services[name].enabled = false;
    },
    "lakehouse:services.postgres.enabled",
    /grafana needs postgres/,
  ],
  [
    "two namespaces with one name",
    "dev",
    (c) => (c.placeholderNamespaces[0].name = "lakehouse-platform"),
    "lakehouse:placeholderNamespaces[0].name",
    /not already used by lakehouse:namespaces.platform.name/,
  ],
  ["invalid namespace name", "dev", (c) => (c.namespaces = { platform: { name: "Lakehouse_Platform" } }), "lakehouse:namespaces.platform.name", /RFC 1123/],
  ["unknown Pod Security level", "dev", (c) => (c.namespaces = { workflows: { podSecurity: "strict" } }), "lakehouse:namespaces.workflows.podSecurity", /"privileged", "baseline", "restricted"/],
  ["allow-all networking in prod", "prod", (c) => (c.network.policy = "allow-all"), "lakehouse:network.policy", /default-deny.*in prod/],
  ["volumes deleted with their claims in prod", "prod", (c) => (c.storage.reclaimPolicy = "Delete"), "lakehouse:storage.reclaimPolicy", /"Retain" in prod/],
  [
    "existing cluster with no provisioner",
    "dev",
    (c) => {
      c.cluster.type = "existing";
      delete c.cluster.kind;
      c.cluster.existing = { kubeconfig: "~/.kube/config" };
      delete c.storage.provisioner;
    },
    "lakehouse:storage.provisioner",
    /CSI driver/,
  ],
  ["provisioner on an adopted storage class", "dev", (c) => (c.storage.create = false), "lakehouse:storage.provisioner", /adopted class keeps its own/],
  [
    "a DNS pod label key with a space",
    "staging",
    (c) => (c.network = { ...c.network, dns: { namespace: "kube-system", podLabels: { "k8s app": "kube-dns" } } }),
    "lakehouse:network.dns.podLabels",
    /label key such as k8s-app/,
  ],
  [
    "cert-manager in a platform namespace",
    "dev",
    (c) => (c.edge.certManagerNamespace = "lakehouse-platform"),
    "lakehouse:edge.certManagerNamespace",
    /not already used by lakehouse:namespaces.platform.name/,
  ],
  ["malformed network policy CIDR", "staging", (c) => (c.network.apiServerCidrs = ["10.20.0.0/33"]), "lakehouse:network.apiServerCidrs[0]", /CIDR block/],
  ["wrong type for a list", "dev", (c) => (c.placeholderNamespaces = "lakehouse-ml"), "lakehouse:placeholderNamespaces", /array/],
  ["boolean switch given as text", "dev", (c) => (c.services.dagster.enabled = "no"), "lakehouse:services.dagster.enabled", /boolean/],
  ["two in-cluster PostgreSQL servers", "staging", (c) => (c.services.postgres.replicas = 2), "lakehouse:services.postgres.replicas", /managed database: mode "external"/],
  ["two Trino coordinators", "dev", (c) => (c.services.trino.replicas = 2), "lakehouse:services.trino.replicas", /one coordinator/],
  ["distributed MinIO on three nodes", "staging", (c) => (c.services.objectStore = { engine: "minio", replicas: 3 }), "lakehouse:services.objectStore.replicas", /4 or more/],
  ["distributed MinIO on seventeen nodes", "staging", (c) => (c.services.objectStore = { engine: "minio", replicas: 17 }), "lakehouse:services.objectStore.replicas", /erasure sets of 2 to 16/],
  ["a Garage node too small to split", "dev", (c) => (c.services.objectStore.storageSize = "1Gi"), "lakehouse:services.objectStore.storageSize", /at least 2Gi/],
  [
    "Garage scaled below its three copies in staging",
    "staging",
    (c) => (c.services.objectStore.replicas = 2),
    "lakehouse:services.objectStore.replicas",
    /at least 3 with engine "garage" and replicationFactor 3: Garage keeps 3 copies/,
  ],
  [
    "Garage asked for more copies than nodes",
    "dev",
    (c) => (c.services.objectStore.replicationFactor = 2),
    "lakehouse:services.objectStore.replicas",
    /at least 2 with engine "garage" and replicationFactor 2/,
  ],
  ["a replication factor of zero", "dev", (c) => (c.services.objectStore.replicationFactor = 0), "lakehouse:services.objectStore.replicationFactor", /a number at least 1/],
  [
    "external object store without its credentials",
    "staging",
    (c) => (c.services.objectStore = { mode: "external", external: { endpoint: "https://s3.eu-west-1.amazonaws.com", region: "eu-west-1", pathStyle: false } }),
    "lakehouse:externalCredentials.objectStore",
    /pulumi config set --secret/,
  ],
  ["ACME without an account e-mail", "staging", (c) => delete c.edge.tls.email, "lakehouse:edge.tls.email", /ACME account e-mail/],
  ["image mirror with a scheme", "dev", (c) => (c.images = { registry: "https://mirror.acme.internal" }), "lakehouse:images.registry", /registry host/],
  ["override of an image we do not run", "dev", (c) => (c.images = { overrides: { spark: "apache/spark:4.0.0" } }), "lakehouse:images.overrides.spark", /no such key; known keys here: garage, minio/],
  [
    "an unpinned image override (a custom Airflow image with your DAGs)",
    "dev",
    (c) => (c.images = { overrides: { airflow: "registry.acme.example/data/airflow:latest" } }),
    "lakehouse:images.overrides.airflow",
    /a pinned image reference/,
  ],
  ["bucket name with capitals", "dev", (c) => (c.services.objectStore.buckets = ["Warehouse"]), "lakehouse:services.objectStore.buckets[0]", /S3 bucket name/],
  [
    "Airflow logs in a bucket the store does not have",
    "dev",
    (c) => (c.services.airflow.remoteLogs = { bucket: "airflow-logs", prefix: "tasks" }),
    "lakehouse:services.airflow.remoteLogs.bucket",
    /one of lakehouse:services.objectStore.buckets \(warehouse\)/,
  ],
  [
    "a DAG bundle in a bucket the store does not have",
    "dev",
    (c) => (c.services.airflow.dagBundles = [{ name: "etl", source: "s3", bucket: "dags", prefix: "etl" }]),
    "lakehouse:services.airflow.dagBundles[0].bucket",
    /one of lakehouse:services.objectStore.buckets \(warehouse\)/,
  ],
  [
    "two DAG bundles of one name",
    "dev",
    (c) =>
      (c.services.airflow.dagBundles = [
        { name: "etl", source: "s3", prefix: "etl" },
        { name: "etl", source: "git", url: "https://git.acme.example/etl.git", ref: "main" },
      ]),
    "lakehouse:services.airflow.dagBundles[1].name",
    /a bundle name not used by another bundle/,
  ],
  [
    "a DAG bundle named like the image's own",
    "dev",
    (c) => (c.services.airflow.dagBundles = [{ name: "dags-folder", source: "s3", prefix: "etl" }]),
    "lakehouse:services.airflow.dagBundles[0].name",
    /other than "dags-folder"/,
  ],
  [
    "a Git bundle on an IP address",
    "dev",
    (c) => (c.services.airflow.dagBundles = [{ name: "etl", source: "git", url: "https://10.0.0.7/data/etl.git", ref: "main" }]),
    "lakehouse:services.airflow.dagBundles[0].url",
    /host is a DNS name/,
  ],
  [
    "a Git bundle with a token in its URL",
    "dev",
    (c) => (c.services.airflow.dagBundles = [{ name: "etl", source: "git", url: "https://bot:ghp_abc@git.acme.example/etl.git", ref: "main" }]),
    "lakehouse:services.airflow.dagBundles[0].url",
    /without '%' or credentials/,
  ],
  ["a DAG bundle of an unknown source", "dev", (c) => (c.services.airflow.dagBundles = [{ name: "etl", source: "gcs", prefix: "etl" }]), "lakehouse:services.airflow.dagBundles[0].source", /git|s3/],
  [
    "an S3 DAG bundle without the object store",
    "staging",
    (c) => {
      c.services.objectStore = { enabled: false };
      c.services.airflow = { ...c.services.airflow, exampleDags: false, dagBundles: [{ name: "etl", source: "s3", prefix: "etl" }] };
    },
    "lakehouse:services.airflow.dagBundles[0].source",
    /read from the platform's object store/,
  ],
  ["the example DAGs without Trino", "dev", (c) => (c.services.trino = { enabled: false }), "lakehouse:services.airflow.exampleDags", /false while lakehouse:services.trino is disabled/],
  [
    "a Dagster code location on an unpinned image",
    "staging",
    (c) => (c.services.dagster.codeLocations = [{ name: "sales", image: "registry.acme.example/data/sales:latest", module: "sales" }]),
    "lakehouse:services.dagster.codeLocations[0].image",
    /a pinned image reference/,
  ],
  [
    "a Dagster code location with no tag at all",
    "staging",
    (c) => (c.services.dagster.codeLocations = [{ name: "sales", image: "registry.acme.example/data/sales", module: "sales" }]),
    "lakehouse:services.dagster.codeLocations[0].image",
    /no tag or latest is refused/,
  ],
  [
    "a Dagster code location with neither module nor package",
    "staging",
    (c) => (c.services.dagster.codeLocations = [{ name: "sales", image: "registry.acme.example/data/sales:1.0.0" }]),
    "lakehouse:services.dagster.codeLocations[0].module",
    /a Python module \(or set package instead\)/,
  ],
  [
    "a Dagster code location with both module and package",
    "staging",
    (c) => (c.services.dagster.codeLocations = [{ name: "sales", image: "registry.acme.example/data/sales:1.0.0", module: "sales", package: "sales" }]),
    "lakehouse:services.dagster.codeLocations[0].package",
    /one module or one package/,
  ],
  [
    "two Dagster code locations of one name",
    "staging",
    (c) =>
      (c.services.dagster.codeLocations = [
        { name: "sales", image: "registry.acme.example/data/sales:1.0.0", module: "sales" },
        { name: "sales", image: "registry.acme.example/data/sales2:1.0.0", module: "sales" },
      ]),
    "lakehouse:services.dagster.codeLocations[1].name",
    /not used by another location/,
  ],
  [
    "a Dagster code location named like the example",
    "staging",
    (c) => (c.services.dagster.codeLocations = [{ name: "lakehouse-example", image: "registry.acme.example/data/sales:1.0.0", module: "sales" }]),
    "lakehouse:services.dagster.codeLocations[0].name",
    /other than "lakehouse-example"/,
  ],
  [
    "the Dagster example without Trino",
    "staging",
    (c) => {
      c.services.trino = { enabled: false };
      c.services.airflow = { ...c.services.airflow, exampleDags: false };
    },
    "lakehouse:services.dagster.exampleCodeLocation",
    /false while lakehouse:services.trino is disabled/,
  ],
  [
    "Airflow log prefix with a leading slash",
    "dev",
    (c) => (c.services.airflow.remoteLogs = { prefix: "/airflow-logs" }),
    "lakehouse:services.airflow.remoteLogs.prefix",
    /without a leading or trailing '\/'/,
  ],
  ...alertingCases(),
  ["a backup retention of zero days", "dev", (c) => (c.services.postgres.backup = { retentionDays: 0 }), "lakehouse:services.postgres.backup.retentionDays", /at least 1/],
  ["a backup schedule that is not cron", "dev", (c) => (c.services.postgres.backup = { schedule: "daily at 2" }), "lakehouse:services.postgres.backup.schedule", /five cron fields/],
  [
    "backups to a bucket the store does not have",
    "dev",
    (c) => (c.services.postgres.backup = { bucket: "backups" }),
    "lakehouse:services.postgres.backup.bucket",
    /one of lakehouse:services.objectStore.buckets \(warehouse\)/,
  ],
  [
    "backups on without an object store",
    "dev",
    (c) => {
      c.services.objectStore = { enabled: false };
      c.services.nessie = { enabled: false };
      c.services.trino = { enabled: false };
      c.services.airflow = { enabled: false };
      c.services.dagster = { enabled: false };
    },
    "lakehouse:services.postgres.backup.enabled",
    /false while lakehouse:services.objectStore is disabled/,
  ],
];

/** Staging (Prometheus and Alertmanager in the cluster) with these receivers and receiver credentials. */
function withReceivers(receivers: unknown[], credentials?: Record<string, unknown>, route?: Record<string, unknown>) {
  return (c: any) => {
    c.services.prometheus = {
      ...c.services.prometheus,
      alerting: { receivers, ...(route ? { route: { groupBy: ["alertname"], groupWait: "30s", groupInterval: "5m", repeatInterval: "4h", ...route } } : {}) },
    };
    if (credentials) c.externalCredentials = { ...c.externalCredentials, alertReceivers: credentials };
  };
}

function alertingCases(): Case[] {
  const receivers = "lakehouse:services.prometheus.alerting.receivers";
  return [
    [
      "a webhook URL that carries a token, in clear",
      "staging",
      withReceivers([{ name: "ops", webhook: { url: "https://alerts.acme.example/hook?token=s3cr3t" } }]),
      `${receivers}[0].webhook.url`,
      /no credential in clear: .*pulumi config set --secret --path 'lakehouse:externalCredentials.alertReceivers.ops.url'/,
    ],
    [
      "a webhook URL with a token-shaped path, in clear",
      "staging",
      withReceivers([{ name: "ops", webhook: { url: "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXX1234abcd" } }]),
      `${receivers}[0].webhook.url`,
      /no credential in clear/,
    ],
    ["a webhook on an IP literal", "staging", withReceivers([{ name: "ops", webhook: { url: "http://10.0.0.5:9000/hook" } }]), `${receivers}[0].webhook.url`, /IP addresses are refused/],
    [
      "a Slack receiver without its URL in the encrypted credentials",
      "staging",
      withReceivers([{ name: "ops-slack", slack: { channel: "#lakehouse" } }]),
      "lakehouse:externalCredentials.alertReceivers.ops-slack.url",
      /Slack incoming webhook's URL, set with: pulumi config set --secret --path/,
    ],
    [
      "an e-mail receiver with a login but no password",
      "staging",
      withReceivers([{ name: "ops-mail", email: { to: "ops@acme.example", from: "lakehouse@acme.example", smarthost: "smtp.acme.example:587", username: "lakehouse" } }]),
      "lakehouse:externalCredentials.alertReceivers.ops-mail.password",
      /SMTP password/,
    ],
    [
      "an SMTP server on an IP literal",
      "staging",
      withReceivers([{ name: "ops-mail", email: { to: "ops@acme.example", from: "lakehouse@acme.example", smarthost: "192.0.2.10:25" } }]),
      `${receivers}[0].email.smarthost`,
      /IP addresses are refused/,
    ],
    [
      "a receiver of two kinds",
      "staging",
      withReceivers([{ name: "ops", webhook: { url: "https://alerts.acme.example/hook" }, slack: { channel: "#x" } }], { ops: { url: "https://hooks.slack.example/x" } }),
      `${receivers}[0]`,
      /exactly one of webhook, slack or email/,
    ],
    [
      "two receivers of one name",
      "staging",
      withReceivers([
        { name: "ops", webhook: { url: "https://alerts.acme.example/a" } },
        { name: "ops", webhook: { url: "https://alerts.acme.example/b" } },
      ]),
      `${receivers}[1].name`,
      /a name no other receiver has/,
    ],
    [
      "a route to a receiver that does not exist",
      "staging",
      withReceivers([{ name: "ops", webhook: { url: "https://alerts.acme.example/hook" } }], undefined, { receiver: "pager" }),
      "lakehouse:services.prometheus.alerting.route.receiver",
      /one of the receivers: ops/,
    ],
    ["receivers while Alertmanager is off", "dev", withReceivers([{ name: "ops", webhook: { url: "https://alerts.acme.example/hook" } }]), receivers, /none unless Alertmanager runs/],
    [
      "credentials of a receiver that does not exist",
      "staging",
      withReceivers([], { pager: { url: "https://events.pager.example/x" } }),
      "lakehouse:externalCredentials.alertReceivers.pager",
      /a receiver of that name/,
    ],
    [
      "a repeat interval that is not a duration",
      "staging",
      withReceivers([{ name: "ops", webhook: { url: "https://alerts.acme.example/hook" } }], undefined, { repeatInterval: "four hours" }),
      "lakehouse:services.prometheus.alerting.route.repeatInterval",
      /a Prometheus duration/,
    ],
  ];
}

test("never prints a receiver's token in an error", () => {
  const config = variant("staging", withReceivers([{ name: "ops", webhook: { url: "https://alerts.acme.example/hook?token=VISIBLE-TOKEN" } }]));
  expect(() => parseStackConfig(config, "staging")).toThrow(/alertReceivers\.ops\.url/);
  expect(() => parseStackConfig(config, "staging")).not.toThrow(/VISIBLE-TOKEN/);
});

test("never prints an external credential in an error", () => {
  const config = variant("prod", (c) => (c.externalCredentials = { objectStore: { accessKeyId: "AKIAVISIBLE", secretAccessKey: 42 } }));
  const message = (() => {
    try {
      parseStackConfig(config, "prod");
      return "";
    } catch (error) {
      return (error as Error).message;
    }
  })();
  expect(message).toContain("lakehouse:externalCredentials.objectStore.secretAccessKey");
  expect(message).not.toContain("42");
  expect(message).not.toContain("AKIAVISIBLE");
});

describe("bad input", () => {
  it.each(cases)("%s: names the key, the value and what is accepted", (_title, stack, change, key, accepted) => {
    const problems = problemsOf(variant(stack, change), stack);
    const match = problems.find((p) => p.key === key);
    expect(match).toBeDefined();
    expect(match!.accepted).toMatch(accepted);
  });

  it("has at least 25 kinds of bad input", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it("reports every problem in one error, each with the value given", () => {
    const raw = variant("dev", (c) => {
      c.cluster.kubernetesVersion = "1.27";
      c.services.nessie.replicas = 0;
      c.services.postgres.resources.requests.cpu = "lots";
    });
    let message = "";
    try {
      parseStackConfig(raw, "dev");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/3 problems; nothing was deployed/);
    expect(message).toContain('lakehouse:cluster.kubernetesVersion: got string "1.27"; accepted:');
    expect(message).toContain("lakehouse:services.nessie.replicas: got number 0; accepted: a number at least 1");
    expect(message).toContain('lakehouse:services.postgres.resources.requests.cpu: got string "lots"');
  });

  it("lets Garage scale down to the copies it keeps and no further", () => {
    const garageOn = (stack: string, replicas: number) => variant(stack, (c) => (c.services.objectStore.replicas = replicas));
    for (const [stack, replicas] of [
      ["dev", 1],
      ["dev", 3],
      ["staging", 3],
      ["staging", 5],
    ] as const)
      expect(() => parseStackConfig(garageOn(stack, replicas), stack)).not.toThrow();
    expect(problemsOf(garageOn("staging", 1), "staging")).toEqual([expect.objectContaining({ key: "lakehouse:services.objectStore.replicas", value: 1 })]);
  });

  it("says a missing key is missing rather than showing a value", () => {
    const raw = variant("staging", (c) => delete c.cluster.eks.vpcId);
    expect(() => parseStackConfig(raw, "staging")).toThrow(/lakehouse:cluster\.eks\.vpcId: got nothing \(the key is missing\)/);
  });
});
