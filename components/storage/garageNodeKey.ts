// A Garage node's identity is an ed25519 key pair in <metadata_dir>/node_key (libsodium's 64-byte
// secret key: seed, then public key); its node id is the public key in hex. Deriving the pair
// from random bytes the program keeps in its (secret) state makes every node id known at deploy
// time, so bootstrap_peers can name each node without asking the Kubernetes API.
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";

// DER header of a PKCS#8 ed25519 private key; the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface NodeKey {
  /** The node_key file's content: seed followed by public key (64 bytes). */
  secretKey: Buffer;
  /** The node id. */
  publicKeyHex: string;
}

export function nodeKeyFromSeed(seed: Buffer): NodeKey {
  if (seed.length !== 32) throw new Error(`an ed25519 seed is 32 bytes, got ${seed.length}`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const publicKey = spki.subarray(spki.length - 32);
  return { secretKey: Buffer.concat([seed, publicKey]), publicKeyHex: publicKey.toString("hex") };
}

/** The seed is a hash of the stored random bytes: always 32 bytes, whatever their encoding. */
export function nodeKeyFromRandom(randomBase64: string): NodeKey {
  return nodeKeyFromSeed(createHash("sha256").update(Buffer.from(randomBase64, "base64")).digest());
}
