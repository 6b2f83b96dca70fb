// A kind or existing-cluster stack never loads the cloud SDKs (hundreds of MB of JavaScript).
// Its own test file, so no other test has loaded them into this module registry first.
import { runProgram } from "./mocks";
import { stackFileConfig } from "./stackFiles";

it("loads no cloud SDK for a kind stack", async () => {
  await runProgram("dev", stackFileConfig("dev"));
  const cloudModules = Object.keys(require.cache).filter((path) => /node_modules\/@pulumi\/(aws|gcp|azure-native|eks)\//.test(path));
  expect(cloudModules).toEqual([]);
}, 60_000);
