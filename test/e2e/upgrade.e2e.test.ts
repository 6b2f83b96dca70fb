// An upgrade that keeps data: the previous release (the newest `v*` tag before HEAD) deploys the e2e
// stack from a scratch copy of itself, then HEAD runs `pulumi up` on the same stack and state. No
// StatefulSet, claim, generated Secret or random value may be replaced, and the objects that hold
// state keep their identity (uid). On kwok no server writes data; the data-plane suite covers data
// through restarts and restores.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { engineEnv, kubectl, openStack, REPO, scratch, step } from "./engine";

jest.setTimeout(30 * 60_000);

/**
 * The previous release: the newest `v*` tag on HEAD's history that is not HEAD itself; in a
 * checkout without tags, the commit before HEAD (a weaker baseline, said in the log).
 */
function previousRelease(): { ref: string; commit: string } {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: REPO, encoding: "utf8" }).trim();
  const head = git("rev-parse", "HEAD");
  const tags = git("tag", "--merged", "HEAD", "--list", "v*", "--sort=-v:refname").split("\n").filter(Boolean);
  const tag = tags.find((t) => git("rev-parse", `${t}^{commit}`) !== head);
  if (tag) return { ref: tag, commit: git("rev-parse", `${tag}^{commit}`) };
  console.log("[upgrade] no release tag (v*) before HEAD in this checkout (git fetch --tags brings them): upgrading from HEAD~1");
  return { ref: "HEAD~1", commit: git("rev-parse", "HEAD~1") };
}

// Replacing these loses data or credentials.
const KEEPS_STATE = [
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:core/v1:PersistentVolumeClaim",
  "kubernetes:core/v1:PersistentVolume",
  "kubernetes:core/v1:Secret",
  "kubernetes:core/v1:Namespace",
  "kubernetes:storage.k8s.io/v1:StorageClass",
];
const keepsState = (type: string) => KEEPS_STATE.includes(type) || type.startsWith("random:");
const REPLACING = new Set(["replace", "create-replacement", "delete-replaced"]);

/** uid of every StatefulSet, claim and Secret in the lakehouse namespaces. */
async function stateUids(): Promise<Map<string, string>> {
  const items = (await kubectl(["get", "statefulsets,persistentvolumeclaims,secrets", "--all-namespaces"])).items as any[];
  return new Map(
    items
      .filter((o) => o.metadata.namespace.startsWith("lakehouse-") && !(o.kind === "Secret" && o.type === "kubernetes.io/service-account-token"))
      .map((o) => [`${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, o.metadata.uid]),
  );
}

describe("upgrading the e2e stack from the previous release to HEAD", () => {
  const work = scratch();
  const release = previousRelease();
  const previous = join(work.dir, "previous");
  let stack: Stack;
  afterAll(async () => {
    await stack?.destroy({ onOutput: () => undefined }).catch((error) => console.log(`[upgrade] destroy: ${String(error)}`));
    work.cleanup();
  });

  beforeAll(async () => {
    // The release's files, as a clean checkout of it has them.
    mkdirSync(previous);
    execFileSync("sh", ["-c", `git archive ${release.commit} | tar -x -C "${previous}"`], { cwd: REPO });
    // Its dependencies: HEAD's, when the lock is the same; otherwise its own install.
    const sameLock = readFileSync(join(previous, "package-lock.json"), "utf8") === readFileSync(join(REPO, "package-lock.json"), "utf8");
    if (sameLock) symlinkSync(join(REPO, "node_modules"), join(previous, "node_modules"));
    else execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: previous, stdio: "inherit" });
    console.log(`[upgrade] from ${release.ref} (${release.commit.slice(0, 12)}), ${sameLock ? "same dependencies" : "its own dependencies"}`);
  });

  it("deploys the previous release, then HEAD replaces nothing that holds state and keeps every StatefulSet, claim and Secret", async () => {
    const tsconfig = join(previous, "scripts", "tsconfig.pulumi.json");
    const env = engineEnv(work.dir, existsSync(tsconfig) ? { PULUMI_NODEJS_TSCONFIG_PATH: tsconfig } : {});
    const before = await openStack("e2e", work.dir, env, join(previous, "test", "e2e"), previous);
    const deployed = await step(`up (${release.ref})`, () => before.up({ onOutput: () => undefined }));
    expect(deployed.summary.result).toBe("succeeded");
    const uidsBefore = await stateUids();
    expect(uidsBefore.size).toBeGreaterThan(10);

    // HEAD on the same stack and state.
    stack = await openStack("e2e", work.dir, engineEnv(work.dir));
    const replaced: string[] = [];
    const otherReplacements = new Set<string>();
    const watch = (event: EngineEvent) => {
      const pre = event.resourcePreEvent?.metadata;
      if (!pre || !REPLACING.has(pre.op)) return;
      const what = `${pre.type} ${pre.urn.split("::").pop()}`;
      if (keepsState(pre.type)) replaced.push(`${pre.op} ${what}`);
      else otherReplacements.add(what);
    };
    await step("preview (HEAD over the release)", () => stack.preview({ onEvent: watch }));
    expect([...new Set(replaced)]).toEqual([]);
    const upgraded = await step("up (HEAD over the release)", () => stack.up({ onEvent: watch, onOutput: () => undefined }));
    expect(upgraded.summary.result).toBe("succeeded");
    expect([...new Set(replaced)]).toEqual([]);
    // What else the upgrade replaced (Jobs whose template changed re-run, say), for the log.
    console.log(`[upgrade] replaced, holding no state: ${[...otherReplacements].join(", ") || "nothing"}`);

    // What held state before is the same object after (a delete and re-create would change its uid).
    const uidsAfter = await stateUids();
    const changed = [...uidsBefore].filter(([key, uid]) => uidsAfter.has(key) && uidsAfter.get(key) !== uid).map(([key]) => key);
    const gone = [...uidsBefore.keys()].filter((key) => !uidsAfter.has(key));
    expect({ changed, gone }).toEqual({ changed: [], gone: [] });
  });
});
