// Trino's configuration files, rendered from the stack's sizing. Secrets appear only as
// ${ENV:...} references that Trino resolves from the container's environment at start-up.
import { parseQuantity } from "../../policy/lib/quantity";

export interface TrinoMemory {
  /** JVM heap as a share of the container's memory limit (the rest: metaspace, buffers, the OS). */
  heapPercent: number;
  heapBytes: number;
  /** What one query may use on one node, and across the cluster. */
  maxMemoryPerNode: number;
  maxMemory: number;
}

const HEAP_PERCENT = 80;
// Trino's own default: a query may take 30% of a node's heap.
const QUERY_SHARE = 0.3;

/** Memory settings for a node with this memory limit, in a cluster of `workers` workers. */
export function trinoMemory(memoryLimit: string, workers: number): TrinoMemory {
  const limit = parseQuantity(memoryLimit);
  if (!limit) throw new Error(`not a memory quantity: ${memoryLimit}`);
  const heapBytes = Math.floor((limit.value * HEAP_PERCENT) / 100);
  const maxMemoryPerNode = Math.floor(heapBytes * QUERY_SHARE);
  return { heapPercent: HEAP_PERCENT, heapBytes, maxMemoryPerNode, maxMemory: maxMemoryPerNode * Math.max(workers, 1) };
}

const megabytes = (bytes: number) => `${Math.floor(bytes / 2 ** 20)}MB`;

export function jvmConfig(memory: TrinoMemory): string {
  return [
    "-server",
    `-XX:InitialRAMPercentage=${memory.heapPercent}`,
    `-XX:MaxRAMPercentage=${memory.heapPercent}`,
    "-XX:G1HeapRegionSize=32M",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:+HeapDumpOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:ReservedCodeCacheSize=512M",
    "-XX:PerMethodRecompilationCutoff=10000",
    "-XX:PerBytecodeRecompilationCutoff=10000",
    "-Djdk.attach.allowAttachSelf=true",
    "-Djdk.nio.maxCachedBufferSize=2000000",
    "-Dfile.encoding=UTF-8",
    "-XX:+EnableDynamicAgentLoading",
    "",
  ].join("\n");
}

export interface NodeConfigArgs {
  role: "coordinator" | "worker";
  port: number;
  /** The coordinator's URL, which workers announce themselves to. */
  discoveryUri: string;
  memory: TrinoMemory;
  /** How long a worker finishes running tasks after it is told to shut down. */
  shutdownGracePeriodSeconds: number;
  workers: number;
  /** lakehouse:services.trino.inClusterLogins: whether plain HTTP accepts a bare user name. */
  inClusterLogins: "user-name" | "none";
}

/** Who plain-HTTP requests to management endpoints (/metrics, JMX, node stats) act as. */
export const MANAGEMENT_USER = "lakehouse-monitoring";

export function configProperties(args: NodeConfigArgs): string {
  const lines = [
    `coordinator=${args.role === "coordinator"}`,
    `http-server.http.port=${args.port}`,
    `discovery.uri=${args.discoveryUri}`,
    `query.max-memory=${megabytes(args.memory.maxMemory)}`,
    `query.max-memory-per-node=${megabytes(args.memory.maxMemoryPerNode)}`,
    // Nodes authenticate each other with a shared secret, read from the environment.
    "internal-communication.shared-secret=${ENV:TRINO_SHARED_SECRET}",
    `shutdown.grace-period=${args.shutdownGracePeriodSeconds}s`,
    // Behind the edge layer's TLS-terminating ingress: trust its X-Forwarded-* headers, so a
    // request that reached the edge over HTTPS counts as secure.
    "http-server.process-forwarded=true",
    // Prometheus scrapes over plain HTTP, where no password can be sent (Trino refuses one there),
    // so management endpoints over HTTP act as this fixed user. Trino's default access control
    // lets any user read system information and no one write it (drain, tracing): reads only.
    `management.user=${MANAGEMENT_USER}`,
    // JSON logs, one object per line (contract section 8.2).
    "log.format=json",
  ];
  if (args.role === "coordinator") {
    lines.push(
      `node-scheduler.include-coordinator=${args.workers === 0}`,
      // Clients log in with a password from the password file, over HTTPS only: through the edge.
      "http-server.authentication.type=PASSWORD",
      // Plain HTTP takes no password. "user-name" lets it take a bare user name (Trino's insecure
      // authenticator), so pods in the cluster can query; what reaches the edge arrives as HTTPS
      // (X-Forwarded-Proto, set by the ingress controller) and still needs a password.
      `http-server.authentication.allow-insecure-over-http=${args.inClusterLogins === "user-name"}`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * A worker's access control. Trino's default one refuses graceful shutdown to everyone, and the
 * check runs on the worker itself. Over plain HTTP Trino hands every management request the
 * fixed `management.user`, whatever X-Trino-User says, so the drain hook's shutdown request
 * arrives as that user: the rules let it write system information, everyone else read it.
 * (Found on the process node: rules naming another user answered the hook 403, "Management only
 * resource", and workers never drained.) NetworkPolicies limit who reaches a worker's port.
 * Queries are authorized on the coordinator, which keeps the default access control.
 */
export function workerAccessControl(rulesFile: string): { properties: string; rules: string } {
  const rules = {
    catalogs: [{ allow: "all" }],
    system_information: [{ user: MANAGEMENT_USER, allow: ["read", "write"] }, { allow: ["read"] }],
  };
  return { properties: `access-control.name=file\nsecurity.config-file=${rulesFile}\n`, rules: JSON.stringify(rules, null, 2) + "\n" };
}

/**
 * How long a draining worker keeps going: Trino waits shutdown.grace-period for the coordinator
 * to stop sending it work, lets running tasks finish, then waits the grace period once more
 * before it exits. The pod's termination grace period must cover all three.
 */
export function drainTimings(noticeSeconds: number, taskSeconds: number): { shutdownGracePeriodSeconds: number; terminationGracePeriodSeconds: number } {
  return { shutdownGracePeriodSeconds: noticeSeconds, terminationGracePeriodSeconds: 2 * noticeSeconds + taskSeconds };
}

/** The coordinator's file password authenticator, reading `user:bcrypt-hash` lines. */
export function passwordAuthenticatorProperties(passwordFile: string): string {
  return `password-authenticator.name=file\nfile.password-file=${passwordFile}\n`;
}

export function nodeProperties(environment: string): string {
  // node.id is left to the image's launcher, which uses the pod's host name.
  return `node.environment=${environment}\nnode.data-dir=/data/trino\n`;
}

export interface IcebergCatalogArgs {
  restUri: string;
  warehouse: string;
  s3Endpoint: string;
  region: string;
  pathStyle: boolean;
}

/** The `iceberg` catalog: tables through the Iceberg REST catalog, files through Trino's native S3. */
export function icebergProperties(args: IcebergCatalogArgs): string {
  return [
    "connector.name=iceberg",
    "iceberg.catalog.type=rest",
    `iceberg.rest-catalog.uri=${args.restUri}`,
    `iceberg.rest-catalog.warehouse=${args.warehouse}`,
    "iceberg.file-format=PARQUET",
    "fs.native-s3.enabled=true",
    `s3.endpoint=${args.s3Endpoint}`,
    `s3.region=${args.region}`,
    `s3.path-style-access=${args.pathStyle}`,
    "s3.aws-access-key=${ENV:S3_ACCESS_KEY}",
    "s3.aws-secret-key=${ENV:S3_SECRET_KEY}",
    "",
  ].join("\n");
}

/**
 * log.properties holds logger levels only (`<logger>=<DEBUG|INFO|WARN|ERROR|OFF>`): Trino reads
 * every line as one, and refused `log.format=json` there ("No enum constant ...Level.JSON") when
 * it first ran on the process node. The JSON format is a server property (configProperties).
 */
export const LOG_PROPERTIES = "io.trino=INFO\n";
