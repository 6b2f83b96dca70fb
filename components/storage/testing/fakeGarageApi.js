// A stand-in for curl talking to Garage's admin API v2, for the bootstrap script's tests: it keeps
// the cluster's state in $FAKE_STATE (JSON), answers in Garage's compact JSON and field order,
// records every call's arguments and every change. Only the endpoints the script uses exist.
const fs = require("node:fs");

const stateFile = process.env.FAKE_STATE;
const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
const args = process.argv.slice(2);
state.argv.push(args.join(" "));

let url;
let body;
let authorization;
let writeOut;
let failWithBody = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === "-H") {
    const header = args[++i];
    if (header.startsWith("@")) authorization = fs.readFileSync(header.slice(1), "utf8").trim();
  } else if (arg === "--data-binary") {
    const data = args[++i];
    body = JSON.parse(data === "@-" ? fs.readFileSync(0, "utf8") : data);
  } else if (arg === "--write-out") writeOut = args[++i];
  else if (arg === "--output" || arg === "--max-time") i++;
  else if (arg === "--fail-with-body") failWithBody = true;
  else if (!arg.startsWith("-")) url = new URL(arg);
}

const hex = (n) => Array.from({ length: n }, (_, i) => ((i * 7 + state.log.length) % 16).toString(16)).join("");

function handle() {
  if (url.pathname === "/health") return state.roles.length ? [200, "Garage is fully operational"] : [503, "Quorum is not available"];
  if (authorization !== `Authorization: Bearer ${state.token}`) return [403, { code: "AccessDenied" }];
  const route = `${body === undefined ? "GET" : "POST"} ${url.pathname}`;
  const query = Object.fromEntries(url.searchParams);
  switch (route) {
    case "GET /v2/GetClusterStatus":
      return [200, { layoutVersion: state.version, nodes: state.nodes.map((id) => ({ id, role: null, addr: null, hostname: "garage", isUp: true, lastSeenSecsAgo: null, draining: false })) }];
    case "GET /v2/GetClusterLayout":
      return [200, { version: state.version, roles: state.roles, partitionSize: 1, parameters: { zoneRedundancy: "maximum" }, stagedRoleChanges: state.staged, stagedParameters: null }];
    case "POST /v2/UpdateClusterLayout":
      state.staged = [...state.staged.filter((s) => !body.roles.some((r) => r.id === s.id)), ...body.roles];
      state.log.push(`stage ${body.roles.map((r) => `${r.id}:${r.zone}:${r.capacity}`).join(",")}`);
      return [200, {}];
    case "POST /v2/ApplyClusterLayout":
      if (body.version !== state.version + 1) return [400, { code: "InvalidRequest", message: "wrong version" }];
      state.roles = [...state.roles, ...state.staged.map((r) => ({ ...r, usableCapacity: r.capacity }))];
      state.staged = [];
      state.version = body.version;
      state.log.push(`apply ${body.version}`);
      return [200, { message: [], layout: {} }];
    case "GET /v2/GetBucketInfo": {
      const bucket = state.buckets.find((b) => b.globalAliases.includes(query.globalAlias));
      return bucket ? [200, bucket] : [404, { code: "NoSuchBucket" }];
    }
    case "POST /v2/CreateBucket": {
      if (state.buckets.some((b) => b.globalAliases.includes(body.globalAlias))) return [409, { code: "BucketAlreadyExists" }];
      state.buckets.push({ id: hex(64), globalAliases: [body.globalAlias], websiteAccess: false, websiteConfig: null, keys: [] });
      state.log.push(`create bucket ${body.globalAlias}`);
      return [200, {}];
    }
    case "GET /v2/GetKeyInfo":
      return state.keys[query.id] ? [200, { name: state.keys[query.id].name, accessKeyId: query.id }] : [404, { code: "NoSuchAccessKey" }];
    case "POST /v2/ImportKey":
      if (!/^GK[0-9a-f]{24}$/.test(body.accessKeyId) || !/^[0-9a-f]{64}$/.test(body.secretAccessKey)) return [400, { code: "InvalidRequest" }];
      if (state.keys[body.accessKeyId]) return [409, { code: "KeyAlreadyExists" }];
      state.keys[body.accessKeyId] = { name: body.name, secretAccessKey: body.secretAccessKey };
      state.log.push(`import key ${body.name}`);
      return [200, {}];
    case "POST /v2/AllowBucketKey": {
      const bucket = state.buckets.find((b) => b.id === body.bucketId);
      const key = state.keys[body.accessKeyId];
      if (!bucket || !key) return [404, { code: "NoSuchBucket" }];
      bucket.keys = [
        ...bucket.keys.filter((k) => k.accessKeyId !== body.accessKeyId),
        { accessKeyId: body.accessKeyId, name: key.name, permissions: body.permissions, bucketLocalAliases: [] },
      ];
      state.log.push(`allow ${key.name} ${bucket.globalAliases[0]} ${JSON.stringify(body.permissions)}`);
      return [200, {}];
    }
    default:
      return [400, { code: "InvalidRequest", message: route }];
  }
}

const [status, response] = handle();
fs.writeFileSync(stateFile, JSON.stringify(state));
if (writeOut === "%{http_code}") {
  process.stdout.write(String(status));
} else {
  process.stdout.write(typeof response === "string" ? response : JSON.stringify(response));
  if (failWithBody && status >= 400) process.exit(22);
}
