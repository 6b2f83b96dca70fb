// The values @pulumi/kubernetes-cert-manager 0.2.0 hands its Helm release. Its provider
// (pulumi-go-helmbase InitDefaults) decodes the typed arguments into helmOptions.values by their
// names: every argument but helmOptions becomes the value of the same key, replacing that key of
// helmOptions.values (whole, not merged).
import type { CertManagerArgs } from "@pulumi/kubernetes-cert-manager";

export function certManagerChartValues(args: CertManagerArgs): Record<string, unknown> {
  const { helmOptions, ...typed } = args;
  const untyped = (helmOptions?.values ?? {}) as Record<string, unknown>;
  return { ...untyped, ...(typed as Record<string, unknown>) };
}

/** The release the component installs: its name and namespace from helmOptions. */
export function certManagerRelease(args: CertManagerArgs): { name: string; namespace: string } {
  const { name, namespace } = args.helmOptions ?? {};
  if (typeof name !== "string" || typeof namespace !== "string") throw new Error("certManagerArgs must name the release and its namespace in helmOptions");
  return { name, namespace };
}
