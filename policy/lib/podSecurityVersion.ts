// The Pod Security Standards version a pod is judged by. Pod Security Admission judges a pod by its
// Namespace's pod-security.kubernetes.io/enforce-version label ("v1.33"; "latest" is the cluster's
// own version), so the pack does the same where it sees the Namespace: an explicitly configured
// version wins (per-policy config, or the lint CLI's --k8s-version / config kubernetesVersion),
// then the Namespace's label, then the configured or default cluster version.
//
// A resource policy sees one object at a time and cannot know the label, so the adapters resolve
// it where every object is visible: the lint CLI over its files, CrossGuard in a stack policy for
// the rules marked `versioned`.
import { asRecord, asString, type KubeObject, kindOf } from "./objects";
import { POD_BEARING_KINDS } from "./podSpecs";
import type { RuleContext } from "./rule";

export const ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version";

/** "v1.33" → "1.33"; undefined for "latest" (the cluster's version) and for anything malformed. */
export function enforceVersion(label: unknown): string | undefined {
  const match = /^v?(1\.\d+)$/.exec(asString(label) ?? "");
  return match?.[1];
}

/**
 * The version each Namespace among the objects pins by its label. Reads only each Namespace's
 * name and that one label, so other unknown values during preview do not matter.
 */
export function namespaceVersions(objects: KubeObject[]): Map<string, string> {
  const versions = new Map<string, string>();
  for (const namespace of objects.filter((o) => kindOf(o) === "Namespace")) {
    const metadata = asRecord(namespace.metadata);
    const version = enforceVersion(asRecord(metadata.labels)[ENFORCE_VERSION_LABEL]);
    const name = version ? asString(metadata.name) : undefined;
    if (name && version) versions.set(name, version);
  }
  return versions;
}

/**
 * The context to judge one object with. `versions` is called (once, by the caller's memo) only
 * for a pod-bearing object when no version was configured explicitly, and the object's namespace
 * is read only when some Namespace pins a version.
 */
export function contextFor(base: RuleContext, object: KubeObject, versions: () => Map<string, string>): RuleContext {
  if (base.podSecurityVersion !== undefined || !POD_BEARING_KINDS.includes(kindOf(object))) return base;
  const pinned = versions();
  if (pinned.size === 0) return base;
  const version = pinned.get(asString(asRecord(object.metadata).namespace) || "default");
  return version ? { ...base, podSecurityVersion: version } : base;
}

/** A memo for `contextFor`'s versions: the Namespaces are read at most once per run. */
export function memo<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}
