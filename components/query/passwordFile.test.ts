import { passwordFileEntry } from "./passwordFile";

// A bcrypt hash as Go's bcrypt writes it (version 2a, cost 10).
const HASH_2A = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

it("writes user:hash with the $2y$ prefix Trino recognises, keeping cost, salt and digest", () => {
  expect(passwordFileEntry("admin", HASH_2A)).toBe("admin:$2y$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy");
  expect(passwordFileEntry("admin", HASH_2A.replace("$2a$", "$2y$"))).toBe(passwordFileEntry("admin", HASH_2A));
  expect(passwordFileEntry("admin", HASH_2A.replace("$2a$", "$2b$"))).toBe(passwordFileEntry("admin", HASH_2A));
});

it("refuses a cost below Trino's minimum of 8, without quoting the hash", () => {
  const weak = HASH_2A.replace("$10$", "$07$");
  expect(() => passwordFileEntry("admin", weak)).toThrow("bcrypt cost 7; Trino requires at least 8");
  expect(() => passwordFileEntry("admin", weak)).not.toThrow(/N9qo8u/);
  expect(passwordFileEntry("admin", HASH_2A.replace("$10$", "$08$"))).toMatch(/^admin:\$2y\$08\$/);
});

it("refuses what is not a bcrypt hash, and user names the file format cannot hold", () => {
  expect(() => passwordFileEntry("admin", "plain-password")).toThrow("is not a bcrypt hash");
  expect(() => passwordFileEntry("admin", HASH_2A.slice(0, -1))).toThrow("is not a bcrypt hash");
  expect(() => passwordFileEntry("admin", HASH_2A.replace("$2a$", "$2x$"))).toThrow("is not a bcrypt hash");
  expect(() => passwordFileEntry("ad:min", HASH_2A)).toThrow("without ':' or white space");
  expect(() => passwordFileEntry("", HASH_2A)).toThrow("must be non-empty");
});
