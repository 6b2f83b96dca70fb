// The backup's two scripts in a POSIX shell (dash here), against stand-ins for PostgreSQL's client
// tools and for curl speaking S3: every database is dumped with the roles, each file is uploaded
// under <prefix>/<stamp>/ with its own hash signed, only backups past the retention are deleted,
// and the key never reaches a command line.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DUMP_SCRIPT, UPLOAD_SCRIPT } from "./postgresBackup";
import { runProgram } from "../../test/mocks";
import { stackFileConfig } from "../../test/stackFiles";

const SECRET = "s3-secret-NEVER-IN-ARGV";

/** A stand-in bin directory; every call is logged as one line of JSON (argv, and standard input for curl). */
function standIns(listing: { prefixes: string[]; keys: Record<string, string[]> }) {
  const dir = mkdtempSync(join(tmpdir(), "pg-backup-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const log = join(dir, "calls.jsonl");
  const tool = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const logCall = (name: string) =>
    `node -e 'const fs=require("fs");fs.appendFileSync(process.env.CALLS, JSON.stringify({tool:"${name}",argv:process.argv.slice(1),stdin:${name === "curl" ? 'fs.readFileSync(0,"utf8")' : '""'}})+"\\n")' -- "$@"`;
  tool("pg_dumpall", `${logCall("pg_dumpall")}\nfor a; do case $a in --file=*) echo "-- roles" > "\${a#--file=}";; esac; done`);
  tool("psql", `${logCall("psql")}\nprintf 'airflow\\nexample-api\\npostgres\\n'`);
  tool("pg_dump", `${logCall("pg_dump")}\nfor a; do case $a in --file=*) f=\${a#--file=};; --dbname=*) d=\${a#--dbname=};; esac; done; echo "dump of $d" > "$f"`);
  // curl: the listing with a delimiter gives the backups' prefixes; a listing under one gives its keys.
  const xml = (tag: string, values: string[]) => values.map((v) => (tag === "Prefix" ? `<CommonPrefixes><Prefix>${v}</Prefix></CommonPrefixes>` : `<Contents><Key>${v}</Key></Contents>`)).join("");
  const keyCases = Object.entries(listing.keys)
    .map(([stamp, keys]) => `  *prefix=backups%2Fpostgres%2F${stamp}%2F*) echo '<ListBucketResult>${xml("Key", keys)}</ListBucketResult>';;`)
    .join("\n");
  tool("curl", `${logCall("curl")}\nfor url; do :; done\ncase $url in\n  *delimiter=*) echo '<ListBucketResult>${xml("Prefix", listing.prefixes)}</ListBucketResult>';;\n${keyCases}\nesac`);
  return { dir, bin, log };
}

const stampDaysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

describe("the PostgreSQL backup scripts", () => {
  const old = stampDaysAgo(10);
  const recent = stampDaysAgo(1);
  const fake = standIns({
    prefixes: [`backups/postgres/${old}/`, `backups/postgres/${recent}/`],
    keys: { [old]: [`backups/postgres/${old}/globals.sql`, `backups/postgres/${old}/airflow.dump`], [recent]: [`backups/postgres/${recent}/airflow.dump`] },
  });
  const backupDir = join(fake.dir, "backup");
  mkdirSync(backupDir);
  const run = (script: string) =>
    spawnSync("sh", ["-c", script], {
      encoding: "utf8",
      env: {
        PATH: `${fake.bin}:${process.env.PATH}`,
        CALLS: fake.log,
        BACKUP_DIR: backupDir,
        S3_ENDPOINT: "http://garage.lakehouse-platform.svc.cluster.local:3900",
        S3_REGION: "garage",
        S3_PATH_STYLE: "true",
        S3_BUCKET: "warehouse",
        S3_PREFIX: "backups/postgres",
        RETENTION_DAYS: "7",
        AWS_ACCESS_KEY_ID: "GK0123",
        AWS_SECRET_ACCESS_KEY: SECRET,
      },
    });
  let dump: ReturnType<typeof run>;
  let upload: ReturnType<typeof run>;
  let calls: Array<{ tool: string; argv: string[]; stdin: string }>;
  let stamp: string;
  beforeAll(() => {
    dump = run(DUMP_SCRIPT);
    upload = run(UPLOAD_SCRIPT);
    calls = readFileSync(fake.log, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    stamp = readFileSync(join(backupDir, "STAMP"), "utf8").trim();
  });

  it("dumps every database the server lists, in the custom format, and the roles", () => {
    expect({ status: dump.status, stderr: dump.stderr }).toEqual({ status: 0, stderr: "" });
    expect(stamp).toMatch(/^\d{8}T\d{6}Z$/);
    expect(readdirSync(join(backupDir, stamp)).sort()).toEqual(["airflow.dump", "example-api.dump", "globals.sql", "postgres.dump"]);
    expect(calls.filter((c) => c.tool === "pg_dump").map((c) => c.argv.find((a) => a.startsWith("--dbname=")))).toEqual(["--dbname=airflow", "--dbname=example-api", "--dbname=postgres"]);
    expect(calls.find((c) => c.tool === "pg_dump")!.argv).toContain("--format=custom");
    expect(calls.find((c) => c.tool === "pg_dumpall")!.argv).toContain("--globals-only");
  });

  it("uploads each file under <prefix>/<stamp>/, signing its own hash", () => {
    expect({ status: upload.status, stderr: upload.stderr }).toEqual({ status: 0, stderr: "" });
    const puts = calls.filter((c) => c.tool === "curl" && c.argv.includes("PUT"));
    expect(puts.map((c) => c.argv[c.argv.length - 1]).sort()).toEqual(
      ["airflow.dump", "example-api.dump", "globals.sql", "postgres.dump"].map((f) => `http://garage.lakehouse-platform.svc.cluster.local:3900/warehouse/backups/postgres/${stamp}/${f}`),
    );
    for (const put of puts) {
      const file = put.argv[put.argv.indexOf("--data-binary") + 1].replace(/^@/, "");
      const hash = createHash("sha256").update(readFileSync(file)).digest("hex");
      expect(put.argv).toContain(`x-amz-content-sha256: ${hash}`);
      expect(put.argv).toEqual(expect.arrayContaining(["--aws-sigv4", "aws:amz:garage:s3"]));
    }
    expect(upload.stdout).toContain(`backup ${stamp} complete`);
  });

  it("deletes only the backups older than the retention, every object of them", () => {
    const deletes = calls.filter((c) => c.tool === "curl" && c.argv.includes("DELETE")).map((c) => c.argv[c.argv.length - 1]);
    expect(deletes).toEqual([
      `http://garage.lakehouse-platform.svc.cluster.local:3900/warehouse/backups/postgres/${old}/globals.sql`,
      `http://garage.lakehouse-platform.svc.cluster.local:3900/warehouse/backups/postgres/${old}/airflow.dump`,
    ]);
    expect(upload.stdout).toContain(`deleted backup ${old} (older than 7 days)`);
    expect(upload.stdout).not.toContain(`deleted backup ${recent}`);
  });

  it("hands the key to curl on its standard input only", () => {
    const curls = calls.filter((c) => c.tool === "curl");
    expect(curls.length).toBeGreaterThan(5);
    for (const call of curls) {
      expect(call.argv.join(" ")).not.toContain(SECRET);
      expect(call.stdin).toBe(`user = "GK0123:${SECRET}"\n`);
    }
    expect(`${dump.stdout}${dump.stderr}${upload.stdout}${upload.stderr}`).not.toContain(SECRET);
  });
});

describe("the backup CronJob in the program", () => {
  it("backs up the in-cluster server with PostgreSQL's own object store key, and a managed one not at all", async () => {
    const dev = await runProgram("dev", stackFileConfig("dev"));
    const cron = dev.resources.find((r) => r.type === "kubernetes:batch/v1:CronJob" && r.inputs.metadata?.name === "postgres-backup")!;
    expect(cron.inputs.spec).toMatchObject({ schedule: "15 2 * * *", concurrencyPolicy: "Forbid" });
    const pod = cron.inputs.spec.jobTemplate.spec.template.spec;
    expect(pod.initContainers.map((c: any) => [c.name, c.image])).toEqual([["dump", "docker.io/library/postgres:17.6"]]);
    expect(pod.containers.map((c: any) => [c.name, c.image])).toEqual([["upload", "docker.io/curlimages/curl:8.15.0"]]);
    const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom?.secretKeyRef?.name]));
    expect(env).toMatchObject({ S3_BUCKET: "warehouse", S3_PREFIX: "backups/postgres", RETENTION_DAYS: "3", AWS_SECRET_ACCESS_KEY: "object-store-postgres" });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999 });
    const prod = await runProgram("prod", stackFileConfig("prod"));
    expect(prod.resources.filter((r) => r.type === "kubernetes:batch/v1:CronJob")).toEqual([]);
  }, 120_000);
});
