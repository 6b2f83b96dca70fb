#!/usr/bin/env node
// Start-up cost of the program per cluster type: each run is a fresh Node process that loads the
// compiled program under Pulumi mocks and waits for every resource to register. Also prints the
// install size. Usage: npm run bench:startup [-- --runs N | --quick]; --quick (CI) is one run each.
const { execFileSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const runs = process.argv.includes("--quick") ? 1 : Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;

console.log("compiling to .build/ ...");
execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", root, "--outDir", join(root, ".build")], { stdio: "inherit" });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const stacks = [
  ["kind", "dev"],
  ["eks", "staging"],
  ["gke", "prod"],
];
console.log(`\nprogram start-up, median of ${runs} fresh processes (module load + registration under mocks):`);
for (const [type, stack] of stacks) {
  const samples = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = JSON.parse(execFileSync(process.execPath, [join(__dirname, "bench-startup-child.js"), stack], { cwd: root, encoding: "utf8" }));
    samples.push(last.totalMs);
  }
  console.log(`  ${type.padEnd(5)} (${stack.padEnd(7)}): ${median(samples).toFixed(0)} ms total, ${last.resources} resources, ${last.modules} modules loaded, cloud SDK loaded: ${last.cloudSdk}`);
}

if (existsSync(join(root, "node_modules"))) {
  const du = (path) => execFileSync("du", ["-sk", path], { encoding: "utf8" }).split("\t")[0] / 1024;
  console.log("\ninstall size (npm ci --ignore-scripts):");
  console.log(`  node_modules total: ${du(join(root, "node_modules")).toFixed(0)} MiB`);
  for (const pkg of ["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/random", "@pulumi/aws", "@pulumi/eks", "@pulumi/gcp", "@pulumi/azure-native"]) {
    console.log(`  ${pkg.padEnd(22)} ${du(join(root, "node_modules", pkg)).toFixed(1)} MiB`);
  }
}
