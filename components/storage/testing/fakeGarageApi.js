// A stand-in for curl talking to Garage's admin API v2, for the bootstrap script's tests: it keeps
// the cluster's state in $FAKE_STATE (JSON), answers as Garage 2.1.0 does (pretty-printed JSON,
// two-space indent, in its field order: seen from the real server on the process node),
// records every call's arguments and every change. Only the endpoints the script uses exist.
//
// The layout follows Garage's model (src/rpc/layout/history.rs, src/api/admin/layout.rs): roles
// of the current version, and staged changes by node id (a role, or null for a removal) that
// GetClusterLayout lists only where they differ from the current role; ApplyClusterLayout takes
// exactly version + 1, merges the staged changes, drops removed nodes and clears the stage;
// RevertClusterLayout clears the stage without a new version. Node ids are 64 hex digits.
const fs = require("node:fs");

/** One curl call: its arguments, its standard input (read only if asked for), and the state file. */
function fakeCurl(args, readStdin, stateFile) {
  const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
  state.argv.push(args.join(" "));

  let url;
  let body;
  let post = false;
  let authorization;
  let writeOut;
  let failWithBody = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-H") {
      const header = args[++i];
      if (header.startsWith("@")) authorization = fs.readFileSync(header.slice(1), "utf8").trim();
    } else if (arg === "--data-binary") {
      post = true;
      const data = args[++i];
      const text = data === "@-" ? readStdin() : data;
      body = text === "" ? undefined : JSON.parse(text);
    } else if (arg === "--write-out") writeOut = args[++i];
    else if (arg === "--output" || arg === "--max-time") i++;
    else if (arg === "--fail-with-body") failWithBody = true;
    else if (!arg.startsWith("-")) url = new URL(arg);
  }

  const hex = (n) => Array.from({ length: n }, (_, i) => ((i * 7 + state.log.length) % 16).toString(16)).join("");
  const NODE_ID = /^[0-9a-f]{64}$/;
  const short = (id) => id.slice(0, 16);
  const badRequest = (message) => [400, { code: "InvalidRequest", message }];

  // ---- layout ----

  const staged = () => state.staged ?? {};
  const sameRole = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const roleOf = (id) => {
    const role = state.roles.find((r) => r.id === id);
    return role ? { zone: role.zone, capacity: role.capacity, tags: role.tags } : undefined;
  };

  function clusterLayout() {
    const changes = Object.entries(staged())
      .filter(([id, role]) => !sameRole(roleOf(id), role))
      .map(([id, role]) => (role === null ? { id, remove: true } : { id, ...role }));
    return {
      version: state.version,
      roles: state.roles.map((r) => ({ id: r.id, zone: r.zone, capacity: r.capacity, storedPartitions: 256, usableCapacity: r.capacity, tags: r.tags })),
      partitionSize: 1048576,
      parameters: { zoneRedundancy: "maximum" },
      stagedRoleChanges: changes,
      stagedParameters: null,
    };
  }

  function updateLayout() {
    if (!Array.isArray(body?.roles)) return badRequest("missing roles");
    const next = { ...staged() };
    for (const change of body.roles) {
      if (!NODE_ID.test(change.id ?? "")) return badRequest("Invalid node identifier");
      if (change.remove === true) next[change.id] = null;
      else if (typeof change.zone === "string" && Array.isArray(change.tags) && (change.capacity === null || Number.isInteger(change.capacity))) {
        if (change.capacity !== null && change.capacity < 1024) return badRequest("Capacity should be at least 1K (1024)");
        next[change.id] = { zone: change.zone, capacity: change.capacity, tags: change.tags };
      } else return badRequest("Invalid layout change");
    }
    state.staged = next;
    state.log.push(`stage ${body.roles.map((r) => (r.remove ? `${short(r.id)}:remove` : `${short(r.id)}:${r.zone}:${r.capacity}`)).join(",")}`);
    return [200, clusterLayout()];
  }

  function applyLayout() {
    if (body?.version !== state.version + 1) return badRequest("Invalid new layout version");
    const roles = new Map(state.roles.map((r) => [r.id, r]));
    for (const [id, role] of Object.entries(staged())) {
      if (role === null) roles.delete(id);
      else roles.set(id, { id, ...role });
    }
    const storageNodes = [...roles.values()].filter((r) => r.capacity !== null).length;
    if (storageNodes < state.replicationFactor) {
      return [500, { code: "InternalError", message: `The number of nodes with positive capacity (${storageNodes}) is smaller than the replication factor (${state.replicationFactor}).` }];
    }
    state.roles = [...roles.values()];
    state.staged = {};
    state.version = body.version;
    state.log.push(`apply ${body.version}`);
    return [200, { message: [], layout: clusterLayout() }];
  }

  // ---- keys ----

  function keyInfo(id) {
    const key = state.keys[id];
    const buckets = state.buckets
      .filter((b) => b.keys.some((k) => k.accessKeyId === id))
      .map((b) => ({ id: b.id, globalAliases: b.globalAliases, localAliases: [], permissions: b.keys.find((k) => k.accessKeyId === id).permissions }));
    return { name: key.name, accessKeyId: id, created: null, expiration: null, expired: false, permissions: { createBucket: false }, buckets };
  }

  function handle() {
    if (url.pathname === "/health") return state.roles.length ? [200, "Garage is fully operational"] : [503, "Quorum is not available"];
    if (authorization !== `Authorization: Bearer ${state.token}`) return [403, { code: "AccessDenied" }];
    const route = `${post ? "POST" : "GET"} ${url.pathname}`;
    const query = Object.fromEntries(url.searchParams);
    switch (route) {
      case "GET /v2/GetClusterStatus": {
        const node = (id, isUp) => {
          const role = roleOf(id);
          return { id, role: role ? { zone: role.zone, capacity: role.capacity, tags: role.tags } : null, addr: null, hostname: "garage", isUp, lastSeenSecsAgo: isUp ? null : 120, draining: false };
        };
        return [200, { layoutVersion: state.version, nodes: [...state.nodes.map((id) => node(id, true)), ...(state.down ?? []).map((id) => node(id, false))] }];
      }
      case "GET /v2/GetClusterLayout":
        return [200, clusterLayout()];
      case "POST /v2/UpdateClusterLayout":
        return updateLayout();
      case "POST /v2/ApplyClusterLayout":
        return applyLayout();
      case "POST /v2/RevertClusterLayout":
        state.staged = {};
        state.log.push("revert");
        return [200, clusterLayout()];
      case "GET /v2/GetBucketInfo": {
        const bucket = state.buckets.find((b) => b.globalAliases.includes(query.globalAlias));
        if (!bucket) return [404, { code: "NoSuchBucket" }];
        return [200, { ...bucket, keys: bucket.keys.map((k) => ({ accessKeyId: k.accessKeyId, name: state.keys[k.accessKeyId].name, permissions: k.permissions, bucketLocalAliases: [] })) }];
      }
      case "POST /v2/CreateBucket": {
        if (state.buckets.some((b) => b.globalAliases.includes(body.globalAlias))) return [409, { code: "BucketAlreadyExists" }];
        state.buckets.push({ id: hex(64), globalAliases: [body.globalAlias], websiteAccess: false, websiteConfig: null, keys: [] });
        state.log.push(`create bucket ${body.globalAlias}`);
        return [200, {}];
      }
      case "GET /v2/ListKeys":
        return [200, Object.entries(state.keys).map(([id, key]) => ({ id, name: key.name, created: null, expiration: null, expired: false }))];
      case "GET /v2/GetKeyInfo":
        return state.keys[query.id] ? [200, keyInfo(query.id)] : [404, { code: "NoSuchAccessKey" }];
      case "POST /v2/ImportKey":
        if (!/^GK[0-9a-f]{24}$/.test(body.accessKeyId) || !/^[0-9a-f]{64}$/.test(body.secretAccessKey)) return badRequest("Invalid key format");
        if (state.keys[body.accessKeyId]) return [409, { code: "KeyAlreadyExists" }];
        state.keys[body.accessKeyId] = { name: body.name, secretAccessKey: body.secretAccessKey };
        state.log.push(`import key ${body.name}`);
        return [200, keyInfo(body.accessKeyId)];
      case "POST /v2/UpdateKey": {
        const key = state.keys[query.id];
        if (!key) return [404, { code: "NoSuchAccessKey" }];
        if (typeof body?.name === "string") {
          state.log.push(`rename key ${key.name} to ${body.name}`);
          key.name = body.name;
        }
        return [200, keyInfo(query.id)];
      }
      case "POST /v2/DeleteKey": {
        const key = state.keys[query.id];
        if (!key) return [404, { code: "NoSuchAccessKey" }];
        // Garage drops the key's permissions on every bucket with it.
        for (const bucket of state.buckets) bucket.keys = bucket.keys.filter((k) => k.accessKeyId !== query.id);
        delete state.keys[query.id];
        state.log.push(`delete key ${key.name}`);
        return [200, {}];
      }
      case "POST /v2/AllowBucketKey": {
        const bucket = state.buckets.find((b) => b.id === body.bucketId);
        const key = state.keys[body.accessKeyId];
        if (!bucket || !key) return [404, { code: "NoSuchBucket" }];
        // Flags given as true are granted; the others keep their value.
        const previous = bucket.keys.find((k) => k.accessKeyId === body.accessKeyId)?.permissions ?? {};
        const permissions = Object.fromEntries(["read", "write", "owner"].map((flag) => [flag, Boolean(previous[flag] || body.permissions[flag])]));
        bucket.keys = [...bucket.keys.filter((k) => k.accessKeyId !== body.accessKeyId), { accessKeyId: body.accessKeyId, permissions }];
        state.log.push(`allow ${key.name} ${bucket.globalAliases[0]} ${JSON.stringify(body.permissions)}`);
        return [200, {}];
      }
      default:
        return badRequest(route);
    }
  }

  const [status, response] = handle();
  fs.writeFileSync(stateFile, JSON.stringify(state));
  if (writeOut === "%{http_code}") return { stdout: String(status), stderr: "", code: 0 };
  const stdout = typeof response === "string" ? response : JSON.stringify(response, null, 2);
  if (failWithBody && status >= 400) return { stdout, stderr: `curl: (22) The requested URL returned error: ${status}\n`, code: 22 };
  return { stdout, stderr: "", code: 0 };
}

module.exports = { fakeCurl };

// Run as curl itself (a process per call), or served to a small curl wrapper (fakeCurlServer.js).
if (require.main === module) {
  const result = fakeCurl(process.argv.slice(2), () => fs.readFileSync(0, "utf8"), process.env.FAKE_STATE);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
