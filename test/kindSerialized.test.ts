// The kind provider as the engine runs it: serialized by the program, then loaded from text by the
// dynamic-provider host. Here the text is loaded the same way and driven against a fake kind CLI.
import { mkdtempSync, rmSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ofType, runProgram } from "./mocks";
import { stackFileConfig } from "./stackFiles";

let state: string;
beforeAll(() => {
  state = mkdtempSync(join(tmpdir(), "fake-kind-"));
  process.env.KIND = join(__dirname, "fake-kind.sh");
  process.env.FAKE_KIND_STATE = state;
});
afterAll(() => rmSync(state, { recursive: true, force: true }));

it("creates, reads and deletes the dev cluster from the serialized provider", async () => {
  const run = await runProgram("dev", stackFileConfig("dev"));
  const [kind] = ofType(run, "pulumi-nodejs:dynamic/lakehouse:KindCluster");
  const module = new Module("serialized-kind-provider") as Module & { _compile(code: string, file: string): void };
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  // Jest gives each test file its own `process`; hand that one (with KIND set) to the module.
  (module as unknown as { testProcess: NodeJS.Process }).testProcess = process;
  module._compile(`var process = module.testProcess;\n${kind.inputs.__provider}`, "serialized-kind-provider.js");
  // The serialized module exports a function that returns the provider, as the host expects.
  const provider = module.exports.handler();

  const inputs = { name: kind.inputs.name, config: kind.inputs.config, wait: kind.inputs.wait };
  const created = await provider.create(inputs);
  expect(created.id).toBe("lakehouse-dev");
  expect(created.outs.kubeconfig).toContain("kind-lakehouse-dev");
  expect((await provider.read("lakehouse-dev", created.outs)).id).toBe("lakehouse-dev");
  await provider.delete("lakehouse-dev", created.outs);
  expect((await provider.read("lakehouse-dev", created.outs)).id).toBeUndefined();
}, 60_000);
