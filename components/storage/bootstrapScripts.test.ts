// The bootstrap scripts run in a POSIX shell (dash here) against fakes of Garage's admin API and
// of mc: the first run creates what is missing, a second run changes nothing, Garage's layout
// follows the config's nodes and capacity, former consumers lose their key, and no token, root
// password or secret key ever reaches a command line or the Job's log.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { garageBootstrapScript } from "./garageScripts";
import { minioBootstrapScript } from "./minioScripts";

const TOKEN = "admin-token-0123456789";
const trino = { id: `GK${"1".repeat(24)}`, secret: "a".repeat(64) };
const airflow = { id: `GK${"2".repeat(24)}`, secret: "b".repeat(64) };
const consumerEnv = { TRINO_ACCESS_KEY_ID: trino.id, TRINO_SECRET_ACCESS_KEY: trino.secret, AIRFLOW_ACCESS_KEY_ID: airflow.id, AIRFLOW_SECRET_ACCESS_KEY: airflow.secret };

// Garage's fake API answers from a worker thread; its `curl` is a shell client (fakeCurlServer.js).
let curlServer: Worker;
let curlPort: number;
beforeAll(async () => {
  curlServer = new Worker(join(__dirname, "testing", "fakeCurlServer.js"));
  curlPort = await new Promise<number>((resolve) => curlServer.once("message", resolve));
});
afterAll(() => curlServer.terminate());

/** A directory whose `command` runs the fake, and the state file the fake keeps. */
function fake(command: string, fakeFile: string, state: object) {
  const dir = mkdtempSync(join(tmpdir(), "object-store-"));
  const served = fakeFile === "fakeGarageApi.js";
  writeFileSync(join(dir, command), served ? readFileSync(join(__dirname, "testing", "fakeCurlClient.sh")) : `#!/bin/sh\nexec "${process.execPath}" "${join(__dirname, "testing", fakeFile)}" "$@"\n`);
  chmodSync(join(dir, command), 0o755);
  const stateFile = join(dir, "state.json");
  writeFileSync(stateFile, JSON.stringify({ argv: [], log: [], ...state }));
  const attempt = (script: string, env: Record<string, string>) => {
    // Retries every 50 ms instead of 5 s: the fake answers at once.
    const result = spawnSync("sh", ["-c", script], {
      env: { PATH: `${dir}:${process.env.PATH}`, FAKE_STATE: stateFile, FAKE_CURL_PORT: String(curlPort), RETRY_SECONDS: "0.05", ...env },
      encoding: "utf8",
      timeout: 30_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}`, state: JSON.parse(readFileSync(stateFile, "utf8")) };
  };
  /** Runs the script to success; the fake's state afterwards, and what the script printed as `output`. */
  const run = (script: string, env: Record<string, string>) => {
    const { status, output, state: after } = attempt(script, env);
    if (status !== 0) throw new Error(`script failed (${status}): ${output}`);
    return { ...after, output };
  };
  return Object.assign(run, { attempt });
}

describe("the Garage bootstrap", () => {
  const script = garageBootstrapScript(["warehouse", "staging"], ["trino", "airflow"]);
  // Node ids are public keys in hex; the fake logs their first 16 digits, as Garage's CLI shows them.
  const node = [0, 1, 2, 3].map((n) => n.toString(16).repeat(64));
  const short = node.map((id) => id.slice(0, 16));
  const GiB = 2 ** 30;
  const env = (nodes: string[], capacity = 9 * GiB) => ({
    ADMIN_URL: "http://garage-0.garage.lakehouse-platform.svc.cluster.local:3903",
    ADMIN_TOKEN: TOKEN,
    NODE_COUNT: String(nodes.length),
    NODE_IDS: nodes.join(" "),
    ZONE: "lakehouse",
    CAPACITY: String(capacity),
    ...consumerEnv,
  });
  const role = (id: string, capacity = 9 * GiB) => ({ id, zone: "lakehouse", capacity, tags: [] });
  const cluster = (state: object = {}) => ({ token: TOKEN, replicationFactor: 3, nodes: node.slice(0, 3), down: [], version: 0, roles: [], staged: {}, buckets: [], keys: {}, ...state });
  const roleIds = (state: { roles: Array<{ id: string }> }) => state.roles.map((r) => r.id).sort();
  const rw = '{"read":true,"write":true,"owner":false}';

  it("lays out every node, creates the buckets, imports the keys and grants read and write, then changes nothing", () => {
    const run = fake("curl", "fakeGarageApi.js", cluster());
    const first = run(script, env(node.slice(0, 3)));
    expect(first.log).toEqual([
      `stage ${short[0]}:lakehouse:${9 * GiB},${short[1]}:lakehouse:${9 * GiB},${short[2]}:lakehouse:${9 * GiB}`,
      "apply 1",
      "create bucket warehouse",
      "create bucket staging",
      "import key lakehouse/trino",
      `allow lakehouse/trino warehouse ${rw}`,
      `allow lakehouse/trino staging ${rw}`,
      "import key lakehouse/airflow",
      `allow lakehouse/airflow warehouse ${rw}`,
      `allow lakehouse/airflow staging ${rw}`,
    ]);
    const second = run(script, env(node.slice(0, 3)));
    expect(second.log).toEqual(first.log);
    expect(second.output).toContain("layout: version 1 matches the config");
    // One key per consumer, one grant per key and bucket.
    expect(Object.keys(second.keys).sort()).toEqual([trino.id, airflow.id].sort());
    for (const bucket of second.buckets) expect(bucket.keys.map((k: { accessKeyId: string }) => k.accessKeyId).sort()).toEqual([trino.id, airflow.id].sort());
    // The token and the secret keys reach curl through a file and stdin only; nothing prints a key.
    for (const secret of [TOKEN, trino.secret, airflow.secret]) expect(second.argv.join("\n")).not.toContain(secret);
    for (const secret of [TOKEN, trino.secret, airflow.secret, trino.id, airflow.id]) expect(`${first.output}${second.output}`).not.toContain(secret);
  });

  it("gives a role to an added node only, in the next layout version", () => {
    const run = fake("curl", "fakeGarageApi.js", cluster({ version: 4, roles: [role(node[0]), role(node[1])] }));
    expect(run(script, env(node.slice(0, 3))).log.slice(0, 2)).toEqual([`stage ${short[2]}:lakehouse:${9 * GiB}`, "apply 5"]);
  });

  it("stages a changed capacity for every node and applies it as one new version, once", () => {
    const run = fake("curl", "fakeGarageApi.js", cluster({ version: 1, roles: node.slice(0, 3).map((id) => role(id)) }));
    const grown = run(script, env(node.slice(0, 3), 18 * GiB));
    expect(grown.log.filter((line: string) => /^(stage|apply|revert)/.test(line))).toEqual([
      `stage ${short[0]}:lakehouse:${18 * GiB},${short[1]}:lakehouse:${18 * GiB},${short[2]}:lakehouse:${18 * GiB}`,
      "apply 2",
    ]);
    expect(grown.roles.map((r: { capacity: number }) => r.capacity)).toEqual([18 * GiB, 18 * GiB, 18 * GiB]);
    const again = run(script, env(node.slice(0, 3), 18 * GiB));
    expect(again.log).toEqual(grown.log);
    expect(again.version).toBe(2);
  });

  it("removes a node the StatefulSet no longer runs, so Garage copies its partitions again", () => {
    // Scaled from four nodes to three: the fourth pod is gone, Garage still knows it, down.
    const run = fake("curl", "fakeGarageApi.js", cluster({ down: [node[3]], version: 7, roles: node.map((id) => role(id)) }));
    const scaled = run(script, env(node.slice(0, 3)));
    expect(scaled.log.slice(0, 2)).toEqual([`stage ${short[3]}:remove`, "apply 8"]);
    expect(roleIds(scaled)).toEqual(node.slice(0, 3).sort());
    expect(scaled.output).toContain(`layout: node ${short[3]} removed, no longer in the StatefulSet`);
    expect(run(script, env(node.slice(0, 3))).version).toBe(8);
  });

  it("stages a removal and a new capacity together, in one version", () => {
    const run = fake("curl", "fakeGarageApi.js", cluster({ down: [node[3]], version: 2, roles: node.map((id) => role(id)) }));
    const changed = run(script, env(node.slice(0, 3), 5 * GiB));
    expect(changed.log.filter((line: string) => line.startsWith("apply"))).toEqual(["apply 3"]);
    expect(changed.roles).toEqual(node.slice(0, 3).map((id) => ({ ...role(id, 5 * GiB) })));
  });

  it("discards changes staged outside the Job instead of applying them with its own", () => {
    const stray = { zone: "elsewhere", capacity: GiB, tags: [] };
    const run = fake("curl", "fakeGarageApi.js", cluster({ version: 3, roles: node.slice(0, 3).map((id) => role(id)), staged: { [node[3]]: stray, [node[0]]: null } }));
    const after = run(script, env(node.slice(0, 3)));
    expect(after.log.slice(0, 1)).toEqual(["revert"]);
    expect(after.version).toBe(3);
    expect(roleIds(after)).toEqual(node.slice(0, 3).sort());
    expect(after.staged).toEqual({});
  });

  it("fails, applying nothing, when Garage refuses the layout (fewer nodes than copies), and recovers", () => {
    const run = fake("curl", "fakeGarageApi.js", cluster({ version: 5, roles: node.slice(0, 3).map((id) => role(id)) }));
    const { status, state, output } = run.attempt(script, env(node.slice(0, 2)));
    expect(status).not.toBe(0);
    // Garage's own message reaches the Job's log.
    expect(output).toContain("smaller than the replication factor");
    expect(state.version).toBe(5);
    expect(roleIds(state)).toEqual(node.slice(0, 3).sort());
    // The refused removal stays staged; the next run with a valid config discards it.
    const fixed = run(script, env(node.slice(0, 3)));
    expect(fixed.log.filter((line: string) => /^(stage|apply|revert)/.test(line))).toEqual([`stage ${short[2]}:remove`, "revert"]);
    expect(fixed.version).toBe(5);
  });

  it("names a key imported before keys carried the managed name, without importing it twice", () => {
    const run = fake("curl", "fakeGarageApi.js", cluster({ version: 1, roles: node.slice(0, 3).map((id) => role(id)), keys: { [trino.id]: { name: "trino", secretAccessKey: trino.secret } } }));
    const after = run(script, env(node.slice(0, 3)));
    expect(after.log).toContain("rename key trino to lakehouse/trino");
    expect(after.log).not.toContain("import key lakehouse/trino");
    expect(Object.keys(after.keys)).toHaveLength(2);
  });

  it("deletes the key of a consumer no longer configured, with its grants, and keeps keys made by hand", () => {
    const run = fake("curl", "fakeGarageApi.js", cluster({ keys: { GK000000000000000000000abc: { name: "backup-tool", secretAccessKey: "c".repeat(64) } } }));
    run(script, env(node.slice(0, 3)));
    const trinoOnly = garageBootstrapScript(["warehouse", "staging"], ["trino"]);
    const { AIRFLOW_ACCESS_KEY_ID, AIRFLOW_SECRET_ACCESS_KEY, ...trinoEnv } = env(node.slice(0, 3));
    const after = run(trinoOnly, trinoEnv);
    expect(after.log.slice(-1)).toEqual(["delete key lakehouse/airflow"]);
    expect(Object.keys(after.keys).sort()).toEqual(["GK000000000000000000000abc", trino.id]);
    for (const bucket of after.buckets) expect(bucket.keys.map((k: { accessKeyId: string }) => k.accessKeyId)).toEqual([trino.id]);
    expect(after.output).toContain("key of airflow: deleted, no longer a consumer");
    expect(run(trinoOnly, trinoEnv).log).toEqual(after.log);
  });
});

describe("the MinIO bootstrap", () => {
  const script = minioBootstrapScript(["warehouse"], ["trino", "airflow"]);
  const env = { S3_HOST: "minio.lakehouse-platform.svc.cluster.local", S3_PORT: "9000", ROOT_USER: "ROOTUSER", ROOT_PASSWORD: "root-password-42", ...consumerEnv };

  it("creates the bucket and each consumer's user with the readwrite policy, then changes nothing", () => {
    const run = fake("mc", "fakeMc.js", { alias: "http://ROOTUSER:root-password-42@minio.lakehouse-platform.svc.cluster.local:9000", buckets: [], users: {} });
    const first = run(script, env);
    expect(first.log).toEqual(["create bucket warehouse", `add user ${trino.id}`, `attach readwrite ${trino.id}`, `add user ${airflow.id}`, `attach readwrite ${airflow.id}`]);
    const second = run(script, env);
    expect(second.log).toEqual(first.log);
    expect(second.argv.join("\n")).not.toContain("root-password-42");
  });
});
