import { ENVIRONMENTS } from "../schema/platform";
import { consumersOf, CREDENTIALS, IMAGE_NAMES, REQUIRED_DEPENDENCIES, SERVICE_ACCOUNTS, SERVICE_NAMES, SERVICES, servicesDefaults, services } from ".";

describe("the service descriptors", () => {
  it.each(ENVIRONMENTS)("give every service complete, valid defaults in %s", (environment) => {
    const parsed = services.safeParse(servicesDefaults(environment));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(ENVIRONMENTS)("enable, by default in %s, everything an enabled service cannot run without", (environment) => {
    const defaults = servicesDefaults(environment) as Record<string, { enabled: boolean }>;
    const unmet = REQUIRED_DEPENDENCIES.filter(([consumer, need]) => defaults[consumer].enabled && !defaults[need].enabled);
    expect(unmet).toEqual([]);
  });

  it("name ServiceAccounts and Secrets that never collide in a namespace", () => {
    const accounts = SERVICE_ACCOUNTS.map((a) => `${a.namespace}/${a.name}`);
    const secrets = CREDENTIALS.map((c) => `${c.namespace}/${c.secretName}`);
    expect(new Set(accounts).size).toBe(accounts.length);
    expect(new Set(secrets).size).toBe(secrets.length);
    for (const name of [...SERVICE_ACCOUNTS.map((a) => a.name), ...CREDENTIALS.map((c) => c.secretName)]) expect(name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });

  it("give each service at least one identity, in its own namespace", () => {
    for (const name of SERVICE_NAMES) {
      const own = SERVICE_ACCOUNTS.filter((a) => a.service === name);
      expect(own.length).toBeGreaterThan(0);
      for (const account of own) expect(account.namespace).toBe(SERVICES[name].namespace);
    }
  });

  it("list a provider's consumers from the consumers' own dependencies, in registry order", () => {
    const expected = SERVICE_NAMES.filter((name) => SERVICES[name].dependsOn.some((d) => d.service === "postgres" && d.binding === "database"));
    expect(consumersOf("postgres", "database").map((c) => c.name)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    // An optional dependency still makes a consumer (Airflow's logs in the object store), but no requirement.
    expect(consumersOf("objectStore", "objectStore").map((c) => c.name)).toContain("airflow");
    expect(REQUIRED_DEPENDENCIES).not.toContainEqual(["airflow", "objectStore"]);
  });

  it("come after what they depend on, so the graph has no cycle (load.test.ts checks the error a missing one gives)", () => {
    for (const [consumer, need] of REQUIRED_DEPENDENCIES) {
      expect(SERVICE_NAMES.indexOf(need)).toBeLessThan(SERVICE_NAMES.indexOf(consumer));
    }
  });

  it("pin each image once, to a tag or digest of its registry", () => {
    const declared = SERVICE_NAMES.flatMap((name) => Object.keys(SERVICES[name].images));
    // A name two services both declared would be merged away: every declared name is distinct.
    expect(new Set(declared).size).toBe(declared.length);
    expect(IMAGE_NAMES).toEqual(expect.arrayContaining(declared));
    for (const name of SERVICE_NAMES)
      for (const reference of Object.values(SERVICES[name].images) as string[]) expect(reference).toMatch(/^[a-z0-9.-]+\.[a-z]+\/[^:@]+(:(?!latest$)[\w][\w.-]*|@sha256:[0-9a-f]{64})$/);
  });
});
