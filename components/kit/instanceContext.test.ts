import * as pulumi from "@pulumi/pulumi";
import { fakeFoundation, type Registered, recordingMocks, stackConfig } from "../../test/support/components";
import { instanceContext } from "./instanceContext";
import { platformOf } from "./platform";
import { type ServiceContext, serviceContext } from "./serviceContext";

const platform = platformOf(stackConfig("dev"), fakeFoundation({ serviceAccounts: { airflow: pulumi.output("airflow") }, credentials: {} }));

it("gives a second Airflow its own account, with its launch-pods Role bound in its own namespace only", async () => {
  let context: ServiceContext<"airflow"> | undefined;
  const record = await recordingMocks();
  const resources: Registered[] = await record(() => {
    context = instanceContext("airflow", "etl", serviceContext(platform, "airflow"), {});
  });
  const account = await new Promise<string>((resolve) => context?.serviceAccounts.airflow.apply(resolve));
  expect(Object.keys(context?.serviceAccounts ?? {})).toEqual(["airflow"]);
  expect(account).toBe("etl-airflow");
  const binding = resources.find((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
  expect(binding?.inputs.metadata.name).toBe("etl-airflow-launch-pods");
  expect(binding?.inputs.subjects).toEqual([{ kind: "ServiceAccount", name: "etl-airflow", namespace: "lakehouse-workflows" }]);
  expect(resources.filter((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:Role")).toHaveLength(1);
  const secrets = resources.filter((r) => r.type === "kubernetes:core/v1:Secret").map((r) => r.inputs.metadata.name);
  expect(secrets.length).toBeGreaterThan(0);
  expect(secrets.every((name: string) => name.startsWith("etl-"))).toBe(true);
});

it("refuses an instance named like the first, or not a DNS label, naming what it accepts", () => {
  const valkey = serviceContext(platform, "valkey");
  expect(() => instanceContext("valkey", "valkey", valkey, {})).toThrow(/instance "valkey" of valkey: .*DNS label of at most 40 characters other than "valkey"/);
  expect(() => instanceContext("valkey", "Sessions_1", valkey, {})).toThrow(/instance "Sessions_1"/);
});

it("refuses a second Prometheus: discovery in every namespace is the foundation's to grant", () => {
  expect(() => instanceContext("prometheus", "metrics-b", serviceContext(platform, "prometheus"), {})).toThrow(/prometheus needs discover-targets in every namespace/);
});
