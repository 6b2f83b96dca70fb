// The secure defaults every lakehouse workload gets, as pure functions: non-root uid/gid, no
// privilege escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root with an
// emptyDir for /tmp, no service links, the standard labels. Probes and resources are required by
// the types, so a long-running container without them does not compile.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Resources } from "../../stacks";

type PodSpec = k8s.types.input.core.v1.PodSpec;
type Container = k8s.types.input.core.v1.Container;
type Volume = k8s.types.input.core.v1.Volume;
import { unpinnedReason } from "../../policy/lib/imageReference";
import { declaresPort, probePort } from "../../policy/lib/probes";
import { API_ACCESS_LABEL, PART_OF, SERVICE_LABEL } from "./labels";

/** What a lifecycle hook may run. */
export type HookAction = { httpGet: { path: string; port: string | number; scheme?: "HTTP" | "HTTPS" } } | { exec: { command: string[] } };

export type ProbeAction = HookAction | { tcpSocket: { port: string | number } } | { grpc: { port: number; service?: string } };

export type Probe = ProbeAction & {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
};

export interface ContainerPort {
  name: string;
  containerPort: number;
  protocol?: "TCP" | "UDP";
}

export type EnvVar =
  | { name: string; value: pulumi.Input<string> }
  | { name: string; secret: { name: string; key: string } }
  | { name: string; configMap: { name: string; key: string } }
  | { name: string; field: string };

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

/** A container that runs to completion (init containers, jobs): resources, but no probes. */
export interface TaskContainer {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  resources: Resources;
  volumeMounts?: VolumeMount[];
  /** Paths that must be writable despite the read-only root (each gets its own emptyDir). */
  writablePaths?: string[];
}

/** A long-running container: liveness and readiness probes are part of its type. */
export interface ServiceContainer extends TaskContainer {
  ports: ContainerPort[];
  probes: { liveness: Probe; readiness: Probe; startup?: Probe };
  /** Runs before the container is stopped, e.g. to drain work (graceful shutdown). */
  preStop?: HookAction;
}

export interface PodIdentity {
  /** The service the pod belongs to (a name from stacks/services/): network policies select its label `lakehouse.dev/service`. */
  service: string;
  /** The uid the image runs as; never 0. The gid defaults to the uid. */
  uid: number;
  gid?: number;
  /** The service's own ServiceAccount (from the foundation layer, hence an Input). */
  serviceAccountName: pulumi.Input<string>;
  /** Whether the ServiceAccount's token is mounted: only for services that call the API. */
  apiAccess: boolean;
}

/** The labels a workload's or task's pods are selected by: the app and this instance of it. */
export function podSelector(app: string, instance: string): Record<string, string> {
  return { "app.kubernetes.io/name": app, "app.kubernetes.io/instance": instance };
}

export function standardLabels(app: string, component: string, instance: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": app,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/instance": instance,
    ...PART_OF,
  };
}

export function podSecurityContext(identity: Pick<PodIdentity, "uid" | "gid">): Record<string, unknown> {
  if (!Number.isInteger(identity.uid) || identity.uid <= 0) throw new Error(`workload uid must be a positive integer (non-root), got ${identity.uid}`);
  const gid = identity.gid ?? identity.uid;
  return {
    runAsNonRoot: true,
    runAsUser: identity.uid,
    runAsGroup: gid,
    fsGroup: gid,
    fsGroupChangePolicy: "OnRootMismatch",
    seccompProfile: { type: "RuntimeDefault" },
  };
}

export function containerSecurityContext(): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Image references must be pinned: a tag other than `latest`, or a digest (the policy pack's parser). */
export function assertPinnedImage(image: string): void {
  const reason = unpinnedReason(image);
  if (reason) throw new Error(`${reason}: pin a version tag or a sha256 digest`);
}

/** A probe must target a port the container declares, or it probes nothing (the probes policy's own test). */
function assertProbesTargetPorts(container: ServiceContainer): void {
  const probes = [container.probes.liveness, container.probes.readiness, container.probes.startup].filter((p): p is Probe => p !== undefined);
  for (const probe of probes) {
    const port = probePort(probe);
    if (port !== undefined && !declaresPort(container, port)) throw new Error(`container ${container.name}: a probe targets port ${String(port)}, which the container does not declare`);
  }
}

const volumeNameFor = (path: string) => `writable${path.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`.replace(/-+$/, "");

function renderEnv(env: EnvVar): k8s.types.input.core.v1.EnvVar {
  if ("value" in env) return { name: env.name, value: env.value };
  if ("secret" in env) return { name: env.name, valueFrom: { secretKeyRef: { name: env.secret.name, key: env.secret.key } } };
  if ("configMap" in env) return { name: env.name, valueFrom: { configMapKeyRef: { name: env.configMap.name, key: env.configMap.key } } };
  return { name: env.name, valueFrom: { fieldRef: { fieldPath: env.field } } };
}

function renderTask(container: TaskContainer): Container {
  assertPinnedImage(container.image);
  const writable = ["/tmp", ...(container.writablePaths ?? [])];
  return {
    name: container.name,
    image: container.image,
    imagePullPolicy: "IfNotPresent",
    command: container.command,
    args: container.args,
    env: container.env?.map(renderEnv),
    resources: { requests: { ...container.resources.requests }, limits: { ...container.resources.limits } },
    securityContext: containerSecurityContext(),
    volumeMounts: [...writable.map((path) => ({ name: volumeNameFor(path), mountPath: path })), ...(container.volumeMounts ?? [])],
  };
}

function renderService(container: ServiceContainer): Container {
  assertProbesTargetPorts(container);
  return {
    ...renderTask(container),
    ports: container.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? "TCP" })),
    livenessProbe: container.probes.liveness,
    readinessProbe: container.probes.readiness,
    startupProbe: container.probes.startup,
    lifecycle: container.preStop ? { preStop: container.preStop } : undefined,
  };
}

export interface PodSpecArgs {
  identity: PodIdentity;
  containers: [ServiceContainer, ...ServiceContainer[]];
  initContainers?: TaskContainer[];
  /** Extra volumes (ConfigMaps, Secrets); /tmp and writable paths are added automatically. */
  volumes?: Volume[];
  terminationGracePeriodSeconds?: number;
  /** Labels that select this workload's pods, used to spread replicas across nodes. */
  selector: Record<string, string>;
  replicas: number;
  /** Pod annotations, e.g. a checksum of mounted configuration so a change rolls the pods. */
  annotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

type PodTemplate = { metadata: { labels: Record<string, string>; annotations?: PodSpecArgs["annotations"] }; spec: PodSpec };

export function podTemplateSpec(args: PodSpecArgs): PodTemplate {
  return securePodTemplate(args, [...(args.initContainers ?? []), ...args.containers], args.containers.map(renderService));
}

/** The pod of a Job: one task container, never restarted in place (the Job retries with a new pod). */
export function taskPodTemplateSpec(args: Omit<PodSpecArgs, "containers" | "replicas" | "terminationGracePeriodSeconds"> & { container: TaskContainer }): PodTemplate {
  const template = securePodTemplate({ ...args, replicas: 1 }, [...(args.initContainers ?? []), args.container], [renderTask(args.container)]);
  template.spec.restartPolicy = "Never";
  return template;
}

function securePodTemplate(args: Omit<PodSpecArgs, "containers">, all: TaskContainer[], containers: Container[]): PodTemplate {
  const writablePaths = [...new Set(all.flatMap((c) => ["/tmp", ...(c.writablePaths ?? [])]))];
  return {
    metadata: { labels: { ...args.selector, [SERVICE_LABEL]: args.identity.service, ...(args.identity.apiAccess ? { [API_ACCESS_LABEL]: "true" } : {}) }, annotations: args.annotations },
    spec: {
      serviceAccountName: args.identity.serviceAccountName,
      automountServiceAccountToken: args.identity.apiAccess,
      enableServiceLinks: false,
      securityContext: podSecurityContext(args.identity),
      terminationGracePeriodSeconds: args.terminationGracePeriodSeconds,
      initContainers: args.initContainers?.map(renderTask),
      containers,
      volumes: [...writablePaths.map((path) => ({ name: volumeNameFor(path), emptyDir: { sizeLimit: "1Gi" } })), ...(args.volumes ?? [])],
      // Replicas prefer different nodes, so one node's loss takes at most one replica.
      affinity:
        args.replicas > 1
          ? {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: args.selector } } }],
              },
            }
          : undefined,
      topologySpreadConstraints:
        args.replicas > 1 ? [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: args.selector } }] : undefined,
    },
  };
}
