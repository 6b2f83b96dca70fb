// PostgreSQL for the platform's metadata: a StatefulSet with its volume, or an external managed
// database (contract section 7). Either way a Job gives each consumer (the catalog, Airflow,
// Dagster) its own role and database from generated credentials, and the consumer is handed a
// DatabaseBinding that reads the same in both modes.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { DatabaseBinding, ObjectStoreBinding, ScrapeTarget } from "../kit/bindings";
import { type Endpoint, configuredExternalEndpoint, hostPort, inClusterEndpoint } from "../kit/endpoint";
import { GeneratedSecret } from "../kit/generatedSecret";
import { checksum } from "../kit/checksum";
import type { ServiceConsumer, ServiceContext } from "../kit/serviceContext";
import { metricsSidecar } from "../kit/metricsSidecar";
import type { EnvVar, PodIdentity } from "../kit/podSpec";
import type { Published } from "../kit/published";
import { Task } from "../kit/task";
import { Workload } from "../kit/workload";
import { ENSURE_DATABASE_SQL, envPrefix, provisionScript } from "./ensureDatabase";
import { postgresBackup } from "./postgresBackup";

export interface PostgresArgs {
  service: ServiceContext<"postgres">;
  /** Each gets a role and database named after it; its credentials are its own `<name>-database` Secret. */
  consumers: ServiceConsumer[];
  /** PostgreSQL's own key to the object store, where the in-cluster server's backups go. */
  objectStore?: ObjectStoreBinding;
}

const PORT = 5432;
const METRICS_PORT = 9187;
// The official image's postgres user.
const POSTGRES_UID = 999;

export class Postgres extends pulumi.ComponentResource {
  readonly endpoint: Endpoint;
  readonly bindings: Record<string, DatabaseBinding>;
  readonly scrapeTargets: ScrapeTarget[];
  /** How to read the administrator's password (in-cluster: the superuser; external: the operator's role). */
  readonly adminPasswordCommand: pulumi.Output<string>;

  /** Its endpoints, UIs and scrape targets, as its descriptor names them (components/kit/published.ts). */
  get published(): Published {
    return { endpoints: { postgres: hostPort(this.endpoint) }, webUis: [], scrapeTargets: this.scrapeTargets };
  }

  constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:data:Postgres", name, {}, opts);
    const { service, consumers } = args;
    const { settings, namespace } = service;
    const parent = { parent: this };

    let admin: GeneratedSecret;
    let server: pulumi.Resource[] = [];
    if (settings.mode === "external") {
      const given = service.externalCredentials;
      this.endpoint = configuredExternalEndpoint("postgres", settings.external);
      if (!given) throw new Error("lakehouse:externalCredentials.postgres is required in external mode (the config checks enforce this)");
      admin = new GeneratedSecret(
        `${name}-admin`,
        { namespace, secretName: `${name}-admin`, keys: { username: { given: given.username }, password: { given: given.password } }, labels: { "app.kubernetes.io/name": "postgres" } },
        parent,
      );
      this.scrapeTargets = [];
    } else {
      admin = service.credentials["postgres-superuser"];
      const database = this.inCluster(name, service, admin);
      server = [database.workload];
      this.endpoint = inClusterEndpoint(database.serviceName, namespace, PORT);
      this.scrapeTargets = [database.scrapeTarget("postgres", "metrics", "/metrics")];
      // A managed database's backups are its provider's; the in-cluster server's are these.
      if (settings.backup.enabled && args.objectStore) {
        postgresBackup(
          {
            settings: settings.backup,
            namespace,
            identity: ownIdentity(service),
            images: { postgres: service.image("postgres"), curl: service.image("curl") },
            serverEnv: adminEnv(this.endpoint, admin),
            objectStore: args.objectStore,
            scratchSize: settings.storageSize,
          },
          this,
          [database.workload],
        );
      }
    }

    // The Job reads every consumer's password, so each consumer Secret must also exist in its namespace.
    const copies = consumers.filter((consumer) => consumer.namespaceRole !== "platform").map((consumer) => credentialOf(consumer).copyInto("platform", namespace, parent));
    const provision = this.provisioning(name, service, admin, consumers, [...server, ...copies]);

    this.bindings = Object.fromEntries(
      consumers.map((consumer) => [
        consumer.name,
        {
          endpoint: this.endpoint,
          database: consumer.name,
          secret: { name: credentialOf(consumer).secretName, keys: { username: "username", password: "password" } },
          ready: [provision.job],
        },
      ]),
    );
    this.adminPasswordCommand = admin.readCommand("password");
    this.registerOutputs({ endpoint: this.endpoint, bindings: this.bindings, adminPasswordCommand: this.adminPasswordCommand });
  }

  private inCluster(name: string, service: ServiceContext<"postgres">, superuser: GeneratedSecret): Workload {
    const { settings } = service;
    const secretEnv = (name: string, key: string): EnvVar => ({ name, secret: { name: superuser.secretName, key } });
    return new Workload(
      name,
      {
        namespace: service.namespace,
        app: "postgres",
        component: "database",
        replicas: settings.replicas,
        identity: ownIdentity(service),
        containers: [
          {
            name: "postgres",
            image: service.image("postgres"),
            ports: [{ name: "postgres", containerPort: PORT }],
            env: [
              secretEnv("POSTGRES_USER", "username"),
              secretEnv("POSTGRES_PASSWORD", "password"),
              // A subdirectory: the volume's root holds lost+found, which initdb refuses.
              { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
            ],
            // Unix-socket checks: the server answers before any network path is involved.
            probes: {
              liveness: { exec: { command: ["pg_isready", "--quiet", "--timeout=5"] }, periodSeconds: 10, timeoutSeconds: 6, failureThreshold: 6 },
              readiness: { exec: { command: ["pg_isready", "--quiet", "--timeout=2"] }, periodSeconds: 5, timeoutSeconds: 3 },
              startup: { exec: { command: ["pg_isready", "--quiet", "--timeout=2"] }, periodSeconds: 5, failureThreshold: 60 },
            },
            resources: settings.resources,
            writablePaths: ["/var/run/postgresql"],
          },
          metricsSidecar({
            image: service.image("postgresExporter"),
            port: METRICS_PORT,
            healthPath: "/",
            env: [{ name: "DATA_SOURCE_URI", value: "localhost:5432/postgres?sslmode=disable" }, secretEnv("DATA_SOURCE_USER", "username"), secretEnv("DATA_SOURCE_PASS", "password")],
            resources: settings.metricsResources,
          }),
        ],
        // Postgres finishes in-flight transactions and checkpoints on SIGTERM ("smart" shutdown).
        terminationGracePeriodSeconds: 60,
        servicePorts: ["postgres", "metrics"],
        state: { storageClassName: service.storageClassName, claims: [{ name: "data", size: settings.storageSize, mountPath: "/var/lib/postgresql/data" }], protect: service.protect },
      },
      { parent: this },
    );
  }

  private provisioning(name: string, service: ServiceContext<"postgres">, admin: GeneratedSecret, consumers: ServiceConsumer[], dependsOn: pulumi.Resource[]): Task {
    const { namespace } = service;
    const script = provisionScript(consumers.map((c) => c.name));
    const scripts = new k8s.core.v1.ConfigMap(
      `${name}-provision`,
      {
        metadata: { namespace, labels: { "app.kubernetes.io/name": "postgres", "app.kubernetes.io/component": "provision" } },
        data: { "provision.sh": script, "ensure-database.sql": ENSURE_DATABASE_SQL },
      },
      { parent: this },
    );
    const consumerEnv = consumers.flatMap((consumer): EnvVar[] => {
      const secretName = credentialOf(consumer).secretName;
      const prefix = envPrefix(consumer.name);
      return [
        { name: `${prefix}_USERNAME`, secret: { name: secretName, key: "username" } },
        { name: `${prefix}_PASSWORD`, secret: { name: secretName, key: "password" } },
      ];
    });
    return new Task(
      `${name}-provision`,
      {
        namespace,
        app: "postgres",
        component: "provision",
        identity: ownIdentity(service),
        container: {
          name: "provision",
          image: service.image("postgres"),
          command: ["sh", "/scripts/provision.sh"],
          env: [...adminEnv(this.endpoint, admin), ...consumerEnv],
          resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
          volumeMounts: [{ name: "scripts", mountPath: "/scripts", readOnly: true }],
        },
        volumes: [{ name: "scripts", configMap: { name: scripts.metadata.name } }],
        // A changed script or consumer list runs the Job again.
        podAnnotations: { "lakehouse.dev/script-checksum": checksum(script + ENSURE_DATABASE_SQL) },
      },
      { parent: this, dependsOn: [...dependsOn, scripts] },
    );
  }
}

/** The database's own identity, for its server and its Tasks (provisioning, backups): no Kubernetes API access. */
function ownIdentity(service: ServiceContext<"postgres">): PodIdentity {
  return { service: "postgres", uid: POSTGRES_UID, serviceAccountName: service.serviceAccounts.postgres, apiAccess: false };
}

/** libpq's environment for the administrator (superuser, or the operator's role): where, how and as whom. */
function adminEnv(endpoint: Endpoint, admin: GeneratedSecret): EnvVar[] {
  return [
    { name: "PGHOST", value: endpoint.host },
    { name: "PGPORT", value: String(endpoint.port) },
    { name: "PGSSLMODE", value: endpoint.tls ? "verify-full" : "disable" },
    { name: "PGUSER", secret: { name: admin.secretName, key: "username" } },
    { name: "PGPASSWORD", secret: { name: admin.secretName, key: "password" } },
  ];
}

function credentialOf(consumer: ServiceConsumer): GeneratedSecret {
  const credential = consumer.credentials[`${consumer.name}-database`];
  if (!credential) throw new Error(`no generated credential "${consumer.name}-database" for database consumer ${consumer.name}`);
  return credential;
}
