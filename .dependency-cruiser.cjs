// The layering the program keeps, checked by `npm run lint:layers` (part of npm test):
//   policy/lib/   the neutral lib: Kubernetes quantities, versions, objects; imports nothing of ours
//   stacks/       configuration: imports only the lib
//   policy/       the CrossGuard pack: imports only itself (so it can ship alone)
//   components/kit/  the workload kit: imports only stacks and the lib
//   components/   the layers: import the kit, stacks and the lib
//   test/         only tests import test support; nothing imports a test
// and no import cycles anywhere.
const { existsSync } = require("node:fs");

const production = "^(index\\.ts|components/|stacks/|policy/)";
const notTest = "\\.test\\.ts$";

module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", from: {}, to: { circular: true } },
    {
      name: "lib-is-neutral",
      comment: "policy/lib imports nothing of ours outside itself.",
      severity: "error",
      from: { path: "^policy/lib/", pathNot: notTest },
      to: { path: "^(index\\.ts|components/|stacks/|test/|scripts/|policy/(?!lib/))" },
    },
    {
      name: "stacks-import-only-the-lib",
      severity: "error",
      from: { path: "^stacks/", pathNot: notTest },
      to: { path: "^(index\\.ts|components/|test/|scripts/|policy/(?!lib/))" },
    },
    {
      name: "policy-imports-only-itself",
      comment: "The pack ships alone (issue: delivery), so it imports nothing outside policy/.",
      severity: "error",
      from: { path: "^policy/" },
      to: { path: "^(index\\.ts|components/|stacks/|test/|scripts/)" },
    },
    {
      name: "kit-is-below-the-layers",
      comment: "The kit imports only itself, stacks and the lib; the layers import it, never the reverse.",
      severity: "error",
      from: { path: "^components/kit/", pathNot: notTest },
      to: { path: "^(index\\.ts|test/|scripts/|components/(?!kit/)|policy/(?!lib/))" },
    },
    {
      name: "components-import-kit-stacks-lib",
      severity: "error",
      from: { path: "^components/", pathNot: notTest },
      to: { path: "^(index\\.ts|test/|scripts/|policy/(?!lib/))" },
    },
    {
      name: "nothing-imports-tests",
      comment: "Test support lives in test/ and only tests import it.",
      severity: "error",
      from: { path: production, pathNot: notTest },
      to: { path: "(^test/|\\.test\\.ts$)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^node_modules|^\\.build|/node_modules/|^policy/dist/)" },
    tsPreCompilationDeps: true,
    // The layering test cruises fixtures without a tsconfig of their own.
    tsConfig: existsSync("tsconfig.json") ? { fileName: "tsconfig.json" } : undefined,
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
