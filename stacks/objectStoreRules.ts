// What each object store engine can run on, shared by the config checks (before anything is
// registered) and the object store layer itself.

/** Node counts MinIO accepts: one, or at least four whose drives divide into erasure sets of 2 to 16. */
export function minioReplicasAccepted(replicas: number): boolean {
  if (replicas === 1) return true;
  if (replicas < 4) return false;
  for (let setSize = 2; setSize <= 16; setSize++) if (replicas % setSize === 0) return true;
  return false;
}

/** Each Garage node splits its volume into metadata and data; below this neither is useful. */
export const GARAGE_MIN_STORAGE_BYTES = 2 * 2 ** 30;

/**
 * Copies Garage keeps of every object. Garage writes the factor into the cluster layout when the
 * cluster is first laid out and refuses to start with another one, so it follows the environment
 * (one laptop node in dev, three copies elsewhere), never the node count: scaling then changes
 * the layout only, and a node count below the factor is refused.
 */
export function garageReplicationFactor(environment: string): number {
  return environment === "dev" ? 1 : 3;
}
