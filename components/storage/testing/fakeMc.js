// A stand-in for the MinIO client (mc), for the bootstrap script's tests: state in $FAKE_STATE
// (JSON), every call's arguments and every change recorded. Only the commands the script uses exist.
const fs = require("node:fs");

const stateFile = process.env.FAKE_STATE;
const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
const args = process.argv.slice(2);
state.argv.push(args.join(" "));

function run() {
  // The alias comes from the environment only.
  if (process.env.MC_HOST_store !== state.alias) return [1, "mc: <ERROR> Unable to resolve alias store"];
  const command = args.filter((a) => a !== "--json").join(" ");
  const json = args.includes("--json");
  let match;
  if (command === "admin info store") return [0, "1 drive online"];
  if ((match = /^mb --ignore-existing store\/(.+)$/.exec(command))) {
    if (state.buckets.includes(match[1])) return [0, `Bucket created successfully \`store/${match[1]}\`.`];
    state.buckets.push(match[1]);
    state.log.push(`create bucket ${match[1]}`);
    return [0, `Bucket created successfully \`store/${match[1]}\`.`];
  }
  if ((match = /^admin user info store (\S+)$/.exec(command))) {
    const user = state.users[match[1]];
    if (!user) return [1, "mc: <ERROR> Unable to get user info. The specified user does not exist."];
    return [0, json ? JSON.stringify({ status: "success", accessKey: match[1], ...(user.policy ? { policyName: user.policy } : {}), userStatus: "enabled" }) : `AccessKey: ${match[1]}`];
  }
  if ((match = /^admin user add store (\S+) (\S+)$/.exec(command))) {
    state.users[match[1]] = { secret: match[2] };
    state.log.push(`add user ${match[1]}`);
    return [0, "Added user"];
  }
  if ((match = /^admin policy attach store readwrite --user (\S+)$/.exec(command))) {
    if (state.users[match[1]].policy === "readwrite") return [1, "mc: <ERROR> The specified policy change is already in effect."];
    state.users[match[1]].policy = "readwrite";
    state.log.push(`attach readwrite ${match[1]}`);
    return [0, "Attached"];
  }
  return [1, `mc: <ERROR> unknown command ${command}`];
}

const [code, output] = run();
fs.writeFileSync(stateFile, JSON.stringify(state));
process.stdout.write(`${output}\n`);
process.exit(code);
