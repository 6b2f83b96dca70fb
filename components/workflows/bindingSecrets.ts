// Reading a binding's Secret: the layer that made the binding names each key it holds.
import type { SecretRef } from "../kit/bindings";

/** The Secret key a binding holds for a logical name (username, password, accessKeyId, ...). */
export function secretKey(ref: SecretRef, logical: string): { name: string; key: string } {
  const key = ref.keys[logical];
  if (!key) throw new Error(`Secret ${ref.name} is handed over without a "${logical}" key`);
  return { name: ref.name, key };
}
