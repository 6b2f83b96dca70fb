// One measured start-up: load the compiled program for a stack under mocks, print figures as JSON.
const started = process.hrtime.bigint();
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const pulumi = require("@pulumi/pulumi");
const { parse } = require("yaml");

const stack = process.argv[2];
const root = join(__dirname, "..");
// The stack file, plus what an operator sets as secrets before the first deploy (test values).
const { OPERATOR_SECRETS, engineConfig, secretKeysOf } = require(join(root, ".build/test/stackFiles.js"));
const { MOCK_BCRYPT_HASH } = require(join(root, ".build/test/support/components.js"));
const config = { ...parse(readFileSync(join(root, `Pulumi.${stack}.yaml`), "utf8")).config, ...(OPERATOR_SECRETS[stack] ?? {}) };
pulumi.runtime.setAllConfig(engineConfig(config), secretKeysOf(config));

let resources = 0;
pulumi.runtime
  .setMocks(
    {
      newResource: (args) => (
        resources++,
        { id: `${args.name}-id`, state: { ...args.inputs, kubeconfig: "k", kubeconfigJson: "{}", endpoint: "e.example", masterAuth: {}, result: "r", bcryptHash: MOCK_BCRYPT_HASH, base64: "YQ==" } }
      ),
      call: (args) => args.inputs,
    },
    "lakehouse",
    stack,
    false,
  )
  .then(async () => {
    const program = require(join(root, ".build/index.js"));
    await new Promise((resolve) => pulumi.all(Object.values(program)).apply(resolve));
    const modules = Object.keys(require.cache);
    const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(JSON.stringify({ stack, totalMs, resources, modules: modules.length, cloudSdk: modules.some((m) => /@pulumi\/(aws|gcp|azure-native|eks)\//.test(m)) }));
  });
