// Your own services on the platform (lakehouse:apps): each is deployed through the workload kit, so
// it gets the cluster contract for free (non-root, read-only root, probes, requests and limits, a
// PodDisruptionBudget and spread when replicated). Declare them once, for instance in Pulumi.yaml's
// project config, and adjust them per stack with lakehouse:appOverrides (the kustomize overlays'
// equivalent): an override is merged onto the app of the same name, key by key.
import { z } from "zod";
import { k8sName, pinnedImage, port, positiveInt, resources, storageSize } from "./primitives";

// At most 40: its objects are named <app>-<part> and must stay DNS labels.
export const appName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/, { error: "a lower-case name of letters, digits and '-', at most 40 characters, such as circle-core" })
  .meta({ accepts: "a lower-case name, at most 40 characters" });

// An IANA service name, as Kubernetes requires of a named port.
const portName = z
  .string()
  .regex(/^(?=.{1,15}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "a port name: lower-case letters, digits and '-', at most 15 characters, such as http" })
  .refine((name) => /[a-z]/.test(name), { error: "a port name with at least one letter, such as http" })
  .meta({ accepts: "a port name (at most 15 characters)" });

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "an environment variable name: letters, digits and '_', not starting with a digit, such as DATABASE_URL" })
  .meta({ accepts: "an environment variable name" });

const absolutePath = z
  .string()
  .regex(/^\/[^\s]*$/, { error: "an absolute path in the container, such as /etc/circle" })
  .meta({ accepts: "an absolute path" });

const fileName = z
  .string()
  .regex(/^[-._a-zA-Z0-9]+$/, { error: "a file name: letters, digits, '.', '_' and '-', such as app.yaml" })
  .meta({ accepts: "a file name" });

const seconds = positiveInt.optional();

/** A probe: an HTTP GET on a named port, a TCP connection to one, or a command. */
const probe = z
  .strictObject({
    http: z
      .strictObject({ path: z.string().regex(/^\//, { error: "a path starting with /, such as /healthz" }).describe("the path"), port: portName.describe("one of the app's port names") })
      .optional(),
    tcp: z.strictObject({ port: portName.describe("one of the app's port names") }).optional(),
    exec: z.array(z.string().min(1)).min(1).optional().describe("a command run in the container; exit 0 is healthy"),
    periodSeconds: seconds.describe("how often (default 10)"),
    timeoutSeconds: seconds.describe("how long one check may take (default 1)"),
    failureThreshold: seconds.describe("failures before the check fails (default 3)"),
  })
  .refine((p) => [p.http, p.tcp, p.exec].filter((kind) => kind !== undefined).length === 1, { error: "exactly one of http, tcp and exec" });
const PROBE = "a probe: one of http {path, port}, tcp {port} or exec [command], with optional periodSeconds, timeoutSeconds, failureThreshold";
const probeFor = (description: string) => probe.meta({ accepts: PROBE, description });

/**
 * What an app is handed by the platform, each as environment variables from Secrets in its own
 * namespace (docs/apps.md): a PostgreSQL role and database of its own, an object store key and a
 * prefix of the warehouse bucket, a Valkey database number, Trino as a client.
 */
const bindings = z
  .strictObject({
    database: z.boolean().optional().describe("a PostgreSQL role and database named after the app (DATABASE_*)"),
    objectStore: z.boolean().optional().describe("an object store key of its own, and the prefix apps/<app>/ of the warehouse bucket (S3_*, AWS_*)"),
    cache: z
      .strictObject({ database: z.int().min(1).max(15).describe("the Valkey database number, 1 to 15 (0 is Airflow's), unique among apps") })
      .optional()
      .describe("Valkey (REDIS_*)"),
    trino: z.boolean().optional().describe("Trino's in-cluster address and a user name (TRINO_URL, TRINO_USER)"),
  })
  .describe("the platform services it uses; NetworkPolicies let it reach exactly these");

export const app = z.strictObject({
  name: appName.describe("its name, unique in the stack: its Deployment, Service, ServiceAccount and Secrets are named after it"),
  enabled: z.boolean().optional().describe("false: declared, but not deployed in this stack (default true)"),
  image: pinnedImage.describe("its image, pinned (a version tag other than latest, or a digest)"),
  ports: z
    .array(z.strictObject({ name: portName.describe("the port's name"), port: port.describe("the container port") }))
    .min(1)
    .describe("the ports it serves; its Service publishes them all"),
  command: z.array(z.string()).min(1).optional().describe("the container's command (the image's entrypoint when absent)"),
  args: z.array(z.string()).optional().describe("the container's arguments (the image's CMD when absent)"),
  uid: positiveInt.optional().describe("the non-root user it runs as (default 10001); its group is the same"),
  replicas: positiveInt.optional().describe("pods, without autoscaling; with more than one, a PodDisruptionBudget and spread across nodes"),
  resources: resources.meta({ accepts: "requests and limits of cpu and memory (request ≤ limit)", description: "its container's requests and limits, which the contract requires" }),
  probes: z
    .strictObject({
      liveness: probeFor("restarts the container when it fails"),
      readiness: probeFor("takes the pod out of its Service while it fails"),
      startup: probeFor("holds the others off while it starts").optional(),
    })
    .meta({ accepts: "an object with liveness and readiness probes (the contract requires both), and optionally startup", description: "how Kubernetes knows it is alive and ready" }),
  env: z.record(envName, z.string()).optional().describe("plain environment variables; never a secret (use secretEnv or generatedSecrets)"),
  configFiles: z
    .strictObject({ mountPath: absolutePath.describe("the directory they appear in, read-only"), files: z.record(fileName, z.string()).describe("file name to content") })
    .optional()
    .describe("configuration files from a ConfigMap; a change rolls the pods (checksum annotation)"),
  generatedSecrets: z
    .record(envName, z.strictObject({ length: z.int().min(16).max(128).describe("characters") }))
    .optional()
    .describe("values generated once with @pulumi/random into the Secret <app>-generated, each handed over as the environment variable of its key"),
  secretEnv: z
    .record(
      envName,
      z.strictObject({
        secret: z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, { error: "a Secret name" })
          .describe("a Secret you created in the app's namespace"),
        key: z.string().min(1).describe("its key"),
      }),
    )
    .optional()
    .describe("environment variables from Secrets the operator holds (API tokens, certificates), never values in config"),
  writablePaths: z.array(absolutePath).optional().describe("directories it writes besides /tmp (each an emptyDir; the root file system is read-only)"),
  volume: z
    .strictObject({ size: storageSize.describe("its size"), mountPath: absolutePath.describe("where it is mounted") })
    .optional()
    .describe("a persistent volume on the stack's storage class; the app then runs as a StatefulSet, one volume per replica"),
  ingress: z
    .strictObject({ host: k8sName.describe("the first label of its host: <host>.<edge domain>"), port: portName.describe("the port it forwards to") })
    .optional()
    .describe("publish it through the edge over TLS at https://<host>.<domain>"),
  bindings: bindings.optional(),
  autoscaling: z
    .strictObject({
      minReplicas: positiveInt.describe("the fewest pods"),
      maxReplicas: positiveInt.describe("the most pods"),
      cpuUtilization: z.int().min(1).max(100).describe("the target CPU use, in percent of the request"),
    })
    .optional()
    .describe("a HorizontalPodAutoscaler on CPU, instead of replicas: it owns the pod count"),
});
export type AppConfig = z.infer<typeof app>;

export const apps = z.array(app).max(50).describe("your own services, each deployed through the workload kit in the services namespace");

/**
 * Per-stack adjustments of the apps, by app name: any of an app's keys but its name, merged onto
 * the app key by key before it is checked (so `resources: {limits: {memory: 2Gi}}` changes only that).
 */
export const appOverrides = z
  .record(appName, z.record(z.string(), z.unknown()).meta({ accepts: "an object of an app's keys" }))
  .describe("per-stack overrides of lakehouse:apps, by app name, merged key by key onto the app (replicas, resources, image, env, enabled...)");
