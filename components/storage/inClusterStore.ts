// What an in-cluster engine hands the ObjectStore component, whichever engine it is, and the
// StatefulSet both engines run their servers in.
import type * as pulumi from "@pulumi/pulumi";
import type { ScrapeTarget, WebUi } from "../kit/bindings";
import type { Endpoint } from "../kit/endpoint";
import type { ServiceContext } from "../kit/serviceContext";
import type { PodIdentity } from "../kit/podSpec";
import { type VolumeClaim, Workload, type WorkloadArgs } from "../kit/workload";

export interface InClusterStore {
  /** The S3 API. */
  endpoint: Endpoint;
  region: string;
  scrapeTargets: ScrapeTarget[];
  consoleUi?: WebUi;
  /** The Job that creates buckets and keys: consumers start after it. */
  bootstrap: pulumi.Resource;
}

/** What either engine's servers are: a StatefulSet of the object store's identity, sized by its settings. */
export interface StoreServerArgs {
  containers: WorkloadArgs["containers"];
  claims: VolumeClaim[];
  initContainers?: WorkloadArgs["initContainers"];
  config?: WorkloadArgs["config"];
  volumes?: WorkloadArgs["volumes"];
  /** Members that resolve each other by DNS before any is ready (distributed MinIO). */
  startTogether?: boolean;
}

export function storeIdentity(store: ServiceContext<"objectStore">, uid: number): PodIdentity {
  return { service: "objectStore", uid, serviceAccountName: store.serviceAccounts["object-store"], apiAccess: false };
}

/** `name`: the server's (the engine's for the first store), for its StatefulSet, Service and app label; `uid`: its image's user. */
export function storeServer(store: ServiceContext<"objectStore">, name: string, uid: number, args: StoreServerArgs, opts: pulumi.ComponentResourceOptions): Workload {
  return new Workload(
    name,
    {
      namespace: store.namespace,
      app: name,
      component: "object-store",
      replicas: store.settings.replicas,
      identity: storeIdentity(store, uid),
      containers: args.containers,
      initContainers: args.initContainers,
      config: args.config,
      volumes: args.volumes,
      state: { storageClassName: store.storageClassName, claims: args.claims, protect: store.protect, startTogether: args.startTogether },
    },
    opts,
  );
}
