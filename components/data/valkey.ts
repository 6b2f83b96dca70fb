// Valkey (the Linux Foundation's Redis fork) as the platform's cache and Celery broker, or an
// external Redis-compatible server. Consumers get a CacheBinding with the password in their own
// namespace; the password reaches the server from the environment, never from a manifest.
import * as pulumi from "@pulumi/pulumi";
import type { CacheBinding, ScrapeTarget } from "../kit/bindings";
import { type Endpoint, configuredExternalEndpoint, hostPort, inClusterEndpoint } from "../kit/endpoint";
import { GeneratedSecret } from "../kit/generatedSecret";
import type { Published } from "../kit/published";
import type { ServiceConsumer, ServiceContext } from "../kit/serviceContext";
import { metricsSidecar } from "../kit/metricsSidecar";
import { Workload } from "../kit/workload";

export interface ValkeyArgs {
  service: ServiceContext<"valkey">;
  /** Services that use the cache (the password is copied to their namespaces). */
  consumers: ServiceConsumer[];
}

const PORT = 6379;
const METRICS_PORT = 9121;
// The official image's valkey user.
const VALKEY_UID = 999;

/** No secrets here: the password is passed on the command line from the environment. */
export const VALKEY_CONF = `port ${PORT}
bind * -::*
protected-mode no
dir /data
appendonly yes
appendfsync everysec
maxmemory-policy noeviction
`;

export class Valkey extends pulumi.ComponentResource {
  readonly endpoint: Endpoint;
  readonly bindings: Record<string, CacheBinding>;
  readonly scrapeTargets: ScrapeTarget[];
  readonly passwordCommand: pulumi.Output<string>;

  /** Its endpoints, UIs and scrape targets, as its descriptor names them (components/kit/published.ts). */
  get published(): Published {
    return { endpoints: { valkey: hostPort(this.endpoint) }, webUis: [], scrapeTargets: this.scrapeTargets };
  }

  constructor(name: string, args: ValkeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:data:Valkey", name, {}, opts);
    const { service } = args;
    const { settings, namespace } = service;
    const parent = { parent: this };

    let auth: GeneratedSecret;
    let ready: pulumi.Resource[];
    if (settings.mode === "external") {
      this.endpoint = configuredExternalEndpoint("valkey", settings.external);
      // An external server without a password is allowed (e.g. a private managed instance).
      auth = new GeneratedSecret(
        `${name}-auth`,
        { namespace, secretName: `${name}-auth`, keys: { password: { given: service.externalCredentials?.password ?? "" } }, labels: { "app.kubernetes.io/name": "valkey" } },
        parent,
      );
      ready = [auth];
      this.scrapeTargets = [];
    } else {
      auth = service.credentials["valkey-auth"];
      const server = this.inCluster(name, service, auth);
      ready = [server.workload];
      this.endpoint = inClusterEndpoint(server.serviceName, namespace, PORT);
      this.scrapeTargets = [server.scrapeTarget("valkey", "metrics", "/metrics")];
    }

    const copied = new Map<string, pulumi.Resource>();
    for (const consumer of args.consumers) {
      if (consumer.namespaceRole !== "platform" && !copied.has(consumer.namespaceRole)) {
        copied.set(consumer.namespaceRole, auth.copyInto(consumer.namespaceRole, consumer.namespace, parent));
      }
    }
    this.bindings = Object.fromEntries(
      args.consumers.map((consumer) => [
        consumer.name,
        {
          endpoint: this.endpoint,
          secret: { name: auth.secretName, keys: { password: "password" } },
          ready: [...ready, ...(copied.has(consumer.namespaceRole) ? [copied.get(consumer.namespaceRole) as pulumi.Resource] : [])],
        },
      ]),
    );
    this.passwordCommand = auth.readCommand("password");
    this.registerOutputs({ endpoint: this.endpoint, bindings: this.bindings, passwordCommand: this.passwordCommand });
  }

  private inCluster(name: string, service: ServiceContext<"valkey">, auth: GeneratedSecret): Workload {
    const { settings, namespace } = service;
    const password = { name: "VALKEY_PASSWORD", secret: { name: auth.secretName, key: "password" } };
    // valkey-cli reads the password from REDISCLI_AUTH, keeping it off the probe's command line.
    const cliAuth = { name: "REDISCLI_AUTH", secret: { name: auth.secretName, key: "password" } };
    const ping = ["sh", "-c", "valkey-cli -p 6379 ping | grep -q PONG"];
    return new Workload(
      name,
      {
        namespace,
        app: "valkey",
        component: "cache",
        replicas: settings.replicas,
        identity: { service: "valkey", uid: VALKEY_UID, serviceAccountName: service.serviceAccounts.valkey, apiAccess: false },
        containers: [
          {
            name: "valkey",
            image: service.image("valkey"),
            command: ["sh", "-c", 'exec valkey-server /etc/valkey/valkey.conf --requirepass "$VALKEY_PASSWORD"'],
            ports: [{ name: "valkey", containerPort: PORT }],
            env: [password, cliAuth],
            probes: {
              liveness: { tcpSocket: { port: "valkey" }, periodSeconds: 10 },
              readiness: { exec: { command: ping }, periodSeconds: 5, timeoutSeconds: 3 },
            },
            resources: settings.resources,
          },
          metricsSidecar({
            image: service.image("valkeyExporter"),
            port: METRICS_PORT,
            healthPath: "/health",
            env: [
              { name: "REDIS_ADDR", value: `redis://localhost:${PORT}` },
              { name: "REDIS_PASSWORD", secret: { name: auth.secretName, key: "password" } },
            ],
            resources: settings.metricsResources,
          }),
        ],
        config: { files: { "valkey.conf": VALKEY_CONF }, mountPath: "/etc/valkey" },
        servicePorts: ["valkey", "metrics"],
        state: { storageClassName: service.storageClassName, claims: [{ name: "data", size: settings.storageSize, mountPath: "/data" }], protect: service.protect },
      },
      { parent: this },
    );
  }
}
