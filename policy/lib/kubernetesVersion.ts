// Kubernetes versions as stack files and clusters write them ("1.31", "1.31.4").

/** The contract's floor (cluster-contract.md section 2.1). */
export const MIN_KUBERNETES_VERSION = "1.28.0";

const VERSION_SHAPE = /^1\.(\d+)(?:\.(\d+))?$/;

/** "1.31" or "1.31.4" → semver "1.31.0" / "1.31.4"; undefined when malformed. */
export function kubernetesSemver(text: string): string | undefined {
  const match = VERSION_SHAPE.exec(text);
  return match ? `1.${Number(match[1])}.${Number(match[2] ?? 0)}` : undefined;
}
