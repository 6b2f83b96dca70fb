// A bad stack stops the program before anything is registered: nothing is half-applied.
import { runProgram } from "./mocks";
import { stackFileConfig } from "./stackFiles";

it("refuses a bad stack with every problem named, and registers no resource", async () => {
  const config = stackFileConfig("staging") as Record<string, any>;
  const broken = {
    ...config,
    "lakehouse:cluster": { ...config["lakehouse:cluster"], kubernetesVersion: "1.27" },
    "lakehouse:services": { ...config["lakehouse:services"], nessie: { replicas: 0 } },
    "lakehouse:clsuter": { type: "kind" },
  };
  const registered: string[] = [];
  await expect(runProgram("staging", broken).then((run) => registered.push(...run.resources.map((r) => r.type)))).rejects.toThrow(
    /3 problems; nothing was deployed[\s\S]*lakehouse:clsuter[\s\S]*kubernetesVersion: got string "1.27"[\s\S]*nessie.replicas: got number 0/,
  );
  expect(registered).toEqual([]);
}, 60_000);
