import type * as pulumi from "@pulumi/pulumi";
import { peerDiscovery } from "./peerDiscovery";

const transform = (type: string, spec: Record<string, unknown>) =>
  peerDiscovery({ type, name: "minio", props: { metadata: { name: "minio" }, spec }, opts: {}, resource: {} as pulumi.Resource });

it("starts distributed MinIO's pods together and publishes them before they are ready", () => {
  expect(transform("kubernetes:apps/v1:StatefulSet", { replicas: 4, podManagementPolicy: "OrderedReady" })?.props.spec).toEqual({ replicas: 4, podManagementPolicy: "Parallel" });
  expect(transform("kubernetes:core/v1:Service", { clusterIP: "None" })?.props.spec).toEqual({ clusterIP: "None", publishNotReadyAddresses: true });
  expect(transform("kubernetes:policy/v1:PodDisruptionBudget", { maxUnavailable: 1 })).toBeUndefined();
});
