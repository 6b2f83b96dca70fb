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
