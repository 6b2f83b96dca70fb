// Trino: one coordinator and a pool of workers, sized per stack, with an `iceberg` catalog that
// reaches the catalog and the object store by their DNS names. Credentials come from Secrets as
// environment variables that Trino's ${ENV:...} references read; the ConfigMaps hold none.
// Clients log in as the foundation's admin with its password, over HTTPS through the edge; the
// coordinator holds only the password's bcrypt hash, in a mounted Secret.
// Workers shut down gracefully: told to drain, they finish running tasks before the pod stops.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type ObjectStoreBinding, required, type ScrapeTarget, type WebUi } from "../kit/bindings";
import { ConfigFiles } from "../kit/configFiles";
import { type Endpoint, configuredExternalEndpoint, httpUrl, inClusterEndpoint } from "../kit/endpoint";
import type { ServiceContext } from "../kit/serviceContext";
import type { Published } from "../kit/published";
import type { EnvVar, ServiceContainer } from "../kit/podSpec";
import { Workload } from "../kit/workload";
import { passwordFileEntry } from "./passwordFile";
import { configProperties, drainTimings, icebergProperties, jvmConfig, LOG_PROPERTIES, nodeProperties, passwordAuthenticatorProperties, trinoMemory, workerAccessControl } from "./trinoConfig";

export interface TrinoArgs {
  service: ServiceContext<"trino">;
  /** The catalog's Iceberg REST URI and warehouse. */
  catalog: { icebergRestUri: pulumi.Output<string>; warehouse: string; ready: pulumi.Resource[] };
  /** Required in-cluster; an external Trino has its own. */
  objectStore?: ObjectStoreBinding;
}

const PORT = 8080;
// The image's trino user.
const TRINO_UID = 1000;
// A worker told to drain: 30 s for the coordinator to notice, up to 4 minutes for running tasks.
const DRAIN_TIMINGS = drainTimings(30, 240);
const RULES_FILE = "/etc/trino/rules.json";
/** The image's readiness script: 0 once the server has finished starting. */
const HEALTH_CHECK = "/usr/lib/trino/bin/health-check";
const AUTH_DIR = "/etc/trino/auth";
const PASSWORD_FILE = "password.db";

// Tell the worker to drain, then wait until it has exited (Trino stops itself once idle). The
// request acts as management.user (plain HTTP); a refused request fails the hook at once, so the
// pod is stopped with SIGTERM instead of waiting out its grace period.
const DRAIN = [
  "sh",
  "-c",
  `curl -fsS -X PUT -H 'Content-Type: application/json' -d '"SHUTTING_DOWN"' http://localhost:${PORT}/v1/info/state && while curl -fsS -o /dev/null http://localhost:${PORT}/v1/info; do sleep 2; done`,
];

export class Trino extends pulumi.ComponentResource {
  readonly endpoint: Endpoint;
  readonly webUi?: WebUi;
  readonly scrapeTargets: ScrapeTarget[];
  /** The JDBC URL of Trino's own endpoint: plain HTTP in the cluster, a user name and no password (lakehouse:services.trino.inClusterLogins). */
  readonly jdbcUrl: pulumi.Output<string>;

  /** Its endpoints, UIs and scrape targets, as its descriptor names them (components/kit/published.ts). */
  get published(): Published {
    return { endpoints: { trino: httpUrl(this.endpoint), trinoJdbc: this.jdbcUrl }, webUis: this.webUi ? [this.webUi] : [], scrapeTargets: this.scrapeTargets };
  }

  constructor(name: string, args: TrinoArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:query:Trino", name, {}, opts);
    const { service, catalog } = args;
    const { settings, namespace } = service;
    // The coordinator's Service is named after the component: its endpoint is known before it exists.
    const names = { coordinator: name, worker: `${name}-worker` };

    if (settings.mode === "external") {
      this.endpoint = configuredExternalEndpoint("trino", settings.external);
      this.scrapeTargets = [];
    } else {
      const objectStore = required(args.objectStore, "an object store binding");
      this.endpoint = inClusterEndpoint(names.coordinator, namespace, PORT);
      const parent = { parent: this };
      const catalogFiles = pulumi.all([catalog.icebergRestUri, httpUrl(objectStore.endpoint)]).apply(([restUri, s3Endpoint]) => ({
        "iceberg.properties": icebergProperties({ restUri, warehouse: catalog.warehouse, s3Endpoint, region: objectStore.region, pathStyle: objectStore.pathStyle }),
      }));
      const catalogConfig = new ConfigFiles(`${name}-catalog`, { namespace, labels: { "app.kubernetes.io/name": "trino" }, files: catalogFiles }, parent);

      // The admin's line of the password file. Trino re-reads the file (file.refresh-period), so a
      // new password needs no restart and the file stays out of the config checksum.
      const admin = service.credentials["trino-admin"];
      const passwordFile = new k8s.core.v1.Secret(
        `${name}-password-file`,
        {
          metadata: { namespace, labels: { "app.kubernetes.io/name": "trino", "app.kubernetes.io/component": "coordinator" } },
          type: "Opaque",
          stringData: { [PASSWORD_FILE]: pulumi.secret(pulumi.all([admin.values.username, admin.bcryptHash("password")]).apply(([user, hash]) => `${passwordFileEntry(user, hash)}\n`)) },
        },
        parent,
      );

      const env: EnvVar[] = [
        { name: "TRINO_SHARED_SECRET", secret: { name: service.credentials["trino-internal"].secretName, key: "sharedSecret" } },
        { name: "S3_ACCESS_KEY", secret: { name: objectStore.secret.name, key: objectStore.secret.keys.accessKeyId } },
        { name: "S3_SECRET_KEY", secret: { name: objectStore.secret.name, key: objectStore.secret.keys.secretAccessKey } },
      ];
      const workerAccess = workerAccessControl(RULES_FILE);
      const node = (role: "coordinator" | "worker") => {
        const sizing = role === "coordinator" ? settings : settings.workers;
        const memory = trinoMemory(sizing.resources.limits.memory, settings.workers.replicas);
        const isCoordinator = role === "coordinator";
        const files = httpUrl(this.endpoint).apply((discoveryUri) => ({
          "config.properties": configProperties({
            role,
            port: PORT,
            discoveryUri,
            memory,
            shutdownGracePeriodSeconds: DRAIN_TIMINGS.shutdownGracePeriodSeconds,
            workers: settings.workers.replicas,
            inClusterLogins: settings.inClusterLogins,
          }),
          "jvm.config": jvmConfig(memory),
          "node.properties": nodeProperties(service.environment),
          "log.properties": LOG_PROPERTIES,
          ...(isCoordinator
            ? { "password-authenticator.properties": passwordAuthenticatorProperties(`${AUTH_DIR}/${PASSWORD_FILE}`) }
            : { "access-control.properties": workerAccess.properties, "rules.json": workerAccess.rules }),
        }));
        const container: ServiceContainer = {
          name: "trino",
          image: service.image("trino"),
          ports: [{ name: "http", containerPort: PORT }],
          env,
          probes: {
            // Alive while it answers; Ready (and started) only once /v1/info says it is no longer
            // starting: it answers 200 while plugins and catalogs are still loading, and a query
            // routed to it then fails. The image's health-check script tests exactly that.
            liveness: { httpGet: { path: "/v1/info", port: "http" }, periodSeconds: 10, failureThreshold: 6 },
            readiness: { exec: { command: [HEALTH_CHECK] }, periodSeconds: 5, timeoutSeconds: 5 },
            startup: { exec: { command: [HEALTH_CHECK] }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
          },
          preStop: role === "worker" ? { exec: { command: DRAIN } } : undefined,
          resources: sizing.resources,
          volumeMounts: [{ name: "catalog", mountPath: "/etc/trino/catalog", readOnly: true }, ...(isCoordinator ? [{ name: "auth", mountPath: AUTH_DIR, readOnly: true }] : [])],
          writablePaths: ["/data/trino"],
        };
        return new Workload(
          names[role],
          {
            namespace,
            app: "trino",
            component: role,
            replicas: sizing.replicas,
            identity: { service: "trino", uid: TRINO_UID, serviceAccountName: service.serviceAccounts[`trino-${role}`], apiAccess: false },
            containers: [container],
            config: { files, mountPath: "/etc/trino" },
            sharedConfig: [{ files: catalogConfig, volumeName: "catalog" }],
            volumes: [
              // Readable by the trino group (the pod's fsGroup) only.
              ...(isCoordinator ? [{ name: "auth", secret: { secretName: passwordFile.metadata.name, defaultMode: 0o440 } }] : []),
            ],
            // Room for the whole drain (drainTimings); the coordinator stops at once.
            terminationGracePeriodSeconds: role === "worker" ? DRAIN_TIMINGS.terminationGracePeriodSeconds : 30,
          },
          { parent: this, dependsOn: [...catalog.ready, ...objectStore.ready] },
        );
      };
      const coordinator = node("coordinator");
      const worker = node("worker");
      this.webUi = { name, namespace, serviceName: coordinator.service.metadata.name, port: PORT };
      // Scraped over plain HTTP with no credential: Trino answers as its fixed management user.
      this.scrapeTargets = [coordinator.scrapeTarget(names.coordinator, "http", "/metrics"), worker.scrapeTarget(names.worker, "http", "/metrics")];
    }
    this.jdbcUrl = pulumi.interpolate`jdbc:trino://${this.endpoint.host}:${this.endpoint.port}/iceberg${this.endpoint.tls ? "?SSL=true" : ""}`;
    this.registerOutputs({ endpoint: this.endpoint, jdbcUrl: this.jdbcUrl });
  }
}
