import { runProgram, ofType, type ProgramRun } from "./mocks";
import { stackFileConfig } from "./stackFiles";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("dev", stackFileConfig("dev"));
}, 60_000);

it("registers the cluster and foundation", () => {
  console.log(run.resources.map((r) => `${r.type} ${r.name} ${r.provider}`).join("\n"));
  console.log(JSON.stringify(run.secrets), JSON.stringify(run.leaks), JSON.stringify(run.outputs, null, 1));
  expect(ofType(run, "lakehouse:cluster:Cluster")).toHaveLength(1);
});
