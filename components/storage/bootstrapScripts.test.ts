// The bootstrap scripts run in a POSIX shell against fakes of Garage's admin API and of mc: the
// first run creates what is missing, a second run changes nothing, and no token or root
// password ever reaches a command line.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { garageBootstrapScript } from "./garageScripts";
import { minioBootstrapScript } from "./minioScripts";

const TOKEN = "admin-token-0123456789";
const trino = { id: `GK${"1".repeat(24)}`, secret: "a".repeat(64) };
const airflow = { id: `GK${"2".repeat(24)}`, secret: "b".repeat(64) };
const consumerEnv = { TRINO_ACCESS_KEY_ID: trino.id, TRINO_SECRET_ACCESS_KEY: trino.secret, AIRFLOW_ACCESS_KEY_ID: airflow.id, AIRFLOW_SECRET_ACCESS_KEY: airflow.secret };

/** A directory whose `command` runs the fake, and the state file the fake keeps. */
function fake(command: string, fakeFile: string, state: object) {
  const dir = mkdtempSync(join(tmpdir(), "object-store-"));
  writeFileSync(join(dir, command), `#!/bin/sh\nexec "${process.execPath}" "${join(__dirname, "testing", fakeFile)}" "$@"\n`);
  chmodSync(join(dir, command), 0o755);
  const stateFile = join(dir, "state.json");
  writeFileSync(stateFile, JSON.stringify({ argv: [], log: [], ...state }));
  const run = (script: string, env: Record<string, string>) => {
    const result = spawnSync("sh", ["-c", script], { env: { PATH: `${dir}:${process.env.PATH}`, FAKE_STATE: stateFile, ...env }, encoding: "utf8", timeout: 30_000 });
    if (result.status !== 0) throw new Error(`script failed (${result.status}): ${result.stdout}${result.stderr}`);
    return JSON.parse(readFileSync(stateFile, "utf8"));
  };
  return run;
}

describe("the Garage bootstrap", () => {
  const script = garageBootstrapScript(["warehouse", "staging"], ["trino", "airflow"]);
  const env = { ADMIN_URL: "http://garage-0.garage.lakehouse-platform.svc.cluster.local:3903", ADMIN_TOKEN: TOKEN, NODE_COUNT: "3", NODE_IDS: "n0 n1 n2", ZONE: "lakehouse", CAPACITY: "1000", ...consumerEnv };
  const emptyCluster = { token: TOKEN, nodes: ["n0", "n1", "n2"], version: 0, roles: [], staged: [], buckets: [], keys: {} };

  it("assigns the layout, creates the buckets, imports the keys and grants read and write, then changes nothing", () => {
    const run = fake("curl", "fakeGarageApi.js", emptyCluster);
    const first = run(script, env);
    expect(first.log).toEqual([
      "stage n0:lakehouse:1000,n1:lakehouse:1000,n2:lakehouse:1000",
      "apply 1",
      "create bucket warehouse",
      "create bucket staging",
      "import key trino",
      'allow trino warehouse {"read":true,"write":true,"owner":false}',
      'allow trino staging {"read":true,"write":true,"owner":false}',
      "import key airflow",
      'allow airflow warehouse {"read":true,"write":true,"owner":false}',
      'allow airflow staging {"read":true,"write":true,"owner":false}',
    ]);
    const second = run(script, env);
    expect(second.log).toEqual(first.log);
    // The token and the secret keys reach curl through a file and stdin only.
    for (const secret of [TOKEN, trino.secret, airflow.secret]) expect(second.argv.join("\n")).not.toContain(secret);
  });

  it("gives a role to an added node only, in the next layout version", () => {
    const run = fake("curl", "fakeGarageApi.js", { ...emptyCluster, version: 4, roles: [{ id: "n0", zone: "lakehouse", capacity: 1000, usableCapacity: 1000, tags: [] }, { id: "n1", zone: "lakehouse", capacity: 1000, usableCapacity: 1000, tags: [] }] });
    expect(run(script, env).log.slice(0, 2)).toEqual(["stage n2:lakehouse:1000", "apply 5"]);
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
