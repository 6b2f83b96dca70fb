// A stand-in for the `airflow` CLI, for the admin-user script's tests: only `users create` and
// `users reset-password`, with exactly the options the FAB provider's CLI reference documents
// (anything else exits 2, as argparse does) and its behaviour: `create` leaves an existing user
// alone and exits 0; `reset-password` needs an existing user. Users live in $FAKE_STATE (JSON).
const fs = require("node:fs");

const stateFile = process.env.FAKE_STATE;
const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
const [group, command, ...rest] = process.argv.slice(2);

// name → [short, takes a value]
const OPTIONS = {
  create: {
    email: ["e", true],
    firstname: ["f", true],
    lastname: ["l", true],
    password: ["p", true],
    role: ["r", true],
    "use-random-password": [null, false],
    username: ["u", true],
    verbose: ["v", false],
  },
  "reset-password": { email: ["e", true], password: ["p", true], "use-random-password": [null, false], username: ["u", true], verbose: ["v", false] },
};

function parse(spec, args) {
  const parsed = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = arg.startsWith("--") ? arg.slice(2) : Object.keys(spec).find((key) => arg === `-${spec[key][0]}`);
    if (arg === "--help" || arg === "-h") return "help";
    if (!name || !(name in spec)) return `unrecognized arguments: ${arg}`;
    if (!spec[name][1]) parsed[name] = true;
    else if (i + 1 < args.length) parsed[name] = args[++i];
    else return `argument --${name}: expected one argument`;
  }
  return parsed;
}

function run() {
  if (group !== "users" || !(command in OPTIONS) || !(state.commands ?? Object.keys(OPTIONS)).includes(command)) return [2, `airflow: error: invalid choice: '${command}'`];
  const args = parse(OPTIONS[command], rest);
  if (args === "help") return [0, `usage: airflow users ${command}`];
  if (typeof args === "string") return [2, `airflow users ${command}: error: ${args}`];
  if (command === "create") {
    const missing = ["email", "firstname", "lastname", "role", "username"].filter((name) => !(name in args));
    if (missing.length) return [2, `error: the following arguments are required: ${missing.map((m) => `--${m}`).join(", ")}`];
    if (!args.password && !args["use-random-password"]) return [1, "Password: (no terminal)"];
    if (state.users[args.username]) return [0, `${args.username} already exist in the db`];
    state.users[args.username] = { role: args.role, password: args.password };
    state.log.push(`create ${args.username} ${args.role}`);
    return [0, `User "${args.username}" created with role "${args.role}"`];
  }
  if (!args.username === !args.email) return [1, "Missing or conflicting args: must supply one of --username or --email"];
  const user = state.users[args.username];
  if (!user) return [1, `User "${args.username}" does not exist`];
  if (!args.password) return [1, "Password: (no terminal)"];
  user.password = args.password;
  state.log.push(`reset-password ${args.username}`);
  return [0, `User "${args.username}" password reset successfully`];
}

const [status, output] = run();
fs.writeFileSync(stateFile, JSON.stringify(state));
(status === 0 ? process.stdout : process.stderr).write(`${output}\n`);
process.exit(status);
