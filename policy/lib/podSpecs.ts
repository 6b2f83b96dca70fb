// The pod specs inside every pod-bearing kind, extracted once so no rule re-implements the walk
// (as kube-linter does). Each container comes with its role and a path for messages.
import { asArray, asRecord, asString, isRecord, type Json, type KubeObject, kindOf } from "./objects";

export type ContainerRole = "container" | "initContainer" | "ephemeralContainer";

export interface ContainerRef {
  container: Json;
  name: string;
  role: ContainerRole;
  /** Native sidecar: an init container with restartPolicy Always runs for the pod's life. */
  sidecar: boolean;
  path: string;
}

export interface PodSpecRef {
  spec: Json;
  path: string;
  /** Serves until stopped (Deployment, StatefulSet, ...), as opposed to running to completion. */
  longRunning: boolean;
  containers: ContainerRef[];
}

const TEMPLATE_PATHS: Record<string, string[]> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  PodTemplate: ["template", "spec"],
};

export const POD_BEARING_KINDS = Object.keys(TEMPLATE_PATHS);

function at(object: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), object);
}

// Every rule asks for the pod spec of the same objects: extract each object's once.
const extracted = new WeakMap<object, PodSpecRef | undefined>();

/** The pod spec of a pod-bearing object, or undefined for any other kind (or a malformed one). */
export function podSpecOf(object: KubeObject): PodSpecRef | undefined {
  if (extracted.has(object)) return extracted.get(object);
  const ref = extract(object);
  extracted.set(object, ref);
  return ref;
}

function extract(object: KubeObject): PodSpecRef | undefined {
  const kind = kindOf(object);
  const path = TEMPLATE_PATHS[kind];
  if (!path) return undefined;
  const spec = at(object, path);
  if (!isRecord(spec)) return undefined;
  const restartPolicy = asString(spec.restartPolicy);
  const runsToCompletion = kind === "Job" || kind === "CronJob" || (kind === "Pod" && (restartPolicy === "Never" || restartPolicy === "OnFailure"));
  const base = path.join(".");
  const containers: ContainerRef[] = (["containers", "initContainers", "ephemeralContainers"] as const).flatMap((field) =>
    asArray(spec[field]).map((container, index) => {
      const record = asRecord(container);
      const role: ContainerRole = field === "containers" ? "container" : field === "initContainers" ? "initContainer" : "ephemeralContainer";
      return {
        container: record,
        name: asString(record.name) ?? `#${index}`,
        role,
        sidecar: role === "initContainer" && record.restartPolicy === "Always",
        path: `${base}.${field}[${index}]`,
      };
    }),
  );
  return { spec, path: base, longRunning: !runsToCompletion, containers };
}
