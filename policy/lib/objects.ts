// Kubernetes objects as policies see them: plain JSON, whether they come from a Pulumi resource's
// inputs or a YAML file. Nothing is trusted to be well-formed: every accessor tolerates junk.

export interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: unknown;
  [field: string]: unknown;
}

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);
export const asRecord = (value: unknown): Json => (isRecord(value) ? value : {});
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const asString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** `kubernetes:apps/v1:Deployment` → { apiVersion: "apps/v1", kind: "Deployment" }; core group is "v1". */
export function kindOfPulumiType(type: string): { apiVersion: string; kind: string } | undefined {
  const match = /^kubernetes:([^:]+):([A-Za-z]+)$/.exec(type);
  if (!match || match[1].startsWith("helm.sh") || match[1].startsWith("yaml") || match[1].startsWith("kustomize")) return undefined;
  const [group, version] = match[1].split("/");
  const apiVersion = group === "core" ? version : `${group}/${version}`;
  return { apiVersion, kind: match[2] };
}

export function kindOf(object: KubeObject): string {
  return asString(object.kind) ?? "";
}

export function metadataOf(object: KubeObject): { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> } {
  const metadata = asRecord(object.metadata);
  const strings = (value: unknown) => Object.fromEntries(Object.entries(asRecord(value)).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return {
    name: asString(metadata.name) ?? "",
    namespace: asString(metadata.namespace) ?? "",
    labels: strings(metadata.labels),
    annotations: strings(metadata.annotations),
  };
}
