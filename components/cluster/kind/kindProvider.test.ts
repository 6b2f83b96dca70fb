import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kindProvider, type KindClusterInputs, type KindClusterOutputs } from "./kindProvider";
import { renderKindConfig } from "./kindConfig";

// The provider drives a fake kind (test/fake-kind.sh) that keeps clusters as directories.
let state: string;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), "fake-kind-"));
  process.env.KIND = join(__dirname, "../../../test/fake-kind.sh");
  process.env.FAKE_KIND_STATE = state;
});
afterEach(() => {
  rmSync(state, { recursive: true, force: true });
  delete process.env.KIND;
  delete process.env.FAKE_KIND_STATE;
});

const inputs: KindClusterInputs = {
  name: "lakehouse-test",
  config: renderKindConfig({ name: "lakehouse-test", nodeImage: "kindest/node:v1.33.4@sha256:abc", controlPlaneNodes: 1, workerNodes: 2, httpPort: 80, httpsPort: 443 }),
  wait: "5m",
};

it("creates a cluster from the rendered config and returns its kubeconfig", async () => {
  const result = await kindProvider.create!(inputs);
  expect(result.id).toBe("lakehouse-test");
  expect(result.outs?.kubeconfig).toContain("kind-lakehouse-test");
  expect(JSON.parse(readFileSync(join(state, "clusters", "lakehouse-test", "config.json"), "utf8"))).toEqual(inputs.config);
});

it("reads an existing cluster, and reports one deleted by hand as gone", async () => {
  const { outs } = await kindProvider.create!(inputs);
  const found = await kindProvider.read!("lakehouse-test", outs as KindClusterOutputs);
  expect(found.id).toBe("lakehouse-test");
  rmSync(join(state, "clusters", "lakehouse-test"), { recursive: true });
  const gone = await kindProvider.read!("lakehouse-test", outs as KindClusterOutputs);
  expect(gone.id).toBeUndefined();
});

it("deletes the cluster", async () => {
  await kindProvider.create!(inputs);
  await kindProvider.delete!("lakehouse-test", { ...inputs, kubeconfig: "" });
  const listed = await kindProvider.read!("lakehouse-test", { ...inputs, kubeconfig: "" });
  expect(listed.id).toBeUndefined();
});

it("surfaces kind's own error message", async () => {
  await kindProvider.create!(inputs);
  await expect(kindProvider.create!(inputs)).rejects.toThrow(/already exist for a cluster with the name "lakehouse-test"/);
});

it("replaces the cluster when its nodes change, and only updates for a new wait", async () => {
  const olds = { ...inputs, kubeconfig: "x" };
  const moreWorkers = {
    ...inputs,
    config: renderKindConfig({ name: "lakehouse-test", nodeImage: "kindest/node:v1.33.4@sha256:abc", controlPlaneNodes: 1, workerNodes: 3, httpPort: 80, httpsPort: 443 }),
  };
  expect(await kindProvider.diff!("lakehouse-test", olds, moreWorkers)).toEqual({ changes: true, replaces: ["config"], deleteBeforeReplace: true });
  expect(await kindProvider.diff!("lakehouse-test", olds, { ...inputs, wait: "10m" })).toMatchObject({ changes: true, replaces: [] });
  expect(await kindProvider.diff!("lakehouse-test", olds, inputs)).toMatchObject({ changes: false });
});
