// Trino's password file (https://trino.io/docs/current/security/password-file.html): one
// `user:bcrypt-hash` line per user, read by the coordinator's file password authenticator.

/** Trino refuses a bcrypt hash of lower cost. */
export const MIN_BCRYPT_COST = 8;

const BCRYPT_HASH = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;

/**
 * One line of the password file. Trino recognises bcrypt only by the `$2y$` prefix, while Go's
 * bcrypt (the random provider's `bcryptHash`) writes `$2a$`: both name the same algorithm (the
 * letters only flag implementations with old bugs Go's never had), so the prefix is rewritten.
 * Errors never quote the hash.
 */
export function passwordFileEntry(user: string, bcryptHash: string): string {
  if (!/^[^:\s]+$/.test(user)) throw new Error(`Trino password file: user ${JSON.stringify(user)} must be non-empty, without ':' or white space`);
  const match = BCRYPT_HASH.exec(bcryptHash);
  if (!match) throw new Error(`Trino password file: the hash given for ${user} is not a bcrypt hash ($2a$, $2b$ or $2y$, cost, 53 characters)`);
  const cost = Number(match[1]);
  if (cost < MIN_BCRYPT_COST) throw new Error(`Trino password file: the hash given for ${user} has bcrypt cost ${cost}; Trino requires at least ${MIN_BCRYPT_COST}`);
  return `${user}:$2y$${bcryptHash.slice("$2a$".length)}`;
}
