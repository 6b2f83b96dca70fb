// The Job that brings an in-cluster store to its declared state (buckets, consumers' keys): its
// script in a ConfigMap, each consumer's key from the Secret in the platform namespace, and a
// checksum of the script, so a changed script or consumer list runs it again.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { PART_OF } from "../kit/labels";
import { checksum } from "../kit/checksum";
import type { ServiceContext } from "../kit/serviceContext";
import type { EnvVar, PodIdentity } from "../kit/podSpec";
import { Task } from "../kit/task";
import type { ConsumerKey } from "./credentials";
import { consumerEnvPrefix } from "./objectStorePlan";

export interface BootstrapTaskArgs {
  /** The server's name, e.g. "garage": the Job is `<app>-bootstrap`. */
  app: string;
  store: ServiceContext<"objectStore">;
  identity: PodIdentity;
  image: string;
  script: string;
  /** The engine's own settings; consumers' keys are added as `<CONSUMER>_ACCESS_KEY_ID` and `<CONSUMER>_SECRET_ACCESS_KEY`. */
  env: EnvVar[];
  keys: ConsumerKey[];
  /** The store's workload: the Job starts once it is ready. */
  workload: pulumi.Resource;
  activeDeadlineSeconds?: number;
}

export function bootstrapTask(args: BootstrapTaskArgs, parent: pulumi.Resource): Task {
  const namespace = args.store.namespace;
  const name = `${args.app}-bootstrap`;
  const scripts = new k8s.core.v1.ConfigMap(
    name,
    { metadata: { namespace, labels: { ...PART_OF, "app.kubernetes.io/name": args.app, "app.kubernetes.io/component": "bootstrap" } }, data: { "bootstrap.sh": args.script } },
    { parent },
  );
  const keyEnv = args.keys.flatMap(({ consumer, secret }): EnvVar[] => [
    { name: `${consumerEnvPrefix(consumer.name)}_ACCESS_KEY_ID`, secret: { name: secret.secretName, key: "accessKeyId" } },
    { name: `${consumerEnvPrefix(consumer.name)}_SECRET_ACCESS_KEY`, secret: { name: secret.secretName, key: "secretAccessKey" } },
  ]);
  return new Task(
    name,
    {
      namespace,
      app: args.app,
      component: "bootstrap",
      identity: args.identity,
      container: {
        name: "bootstrap",
        image: args.image,
        command: ["sh", "/scripts/bootstrap.sh"],
        env: [...args.env, ...keyEnv],
        resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
        volumeMounts: [{ name: "scripts", mountPath: "/scripts", readOnly: true }],
      },
      volumes: [{ name: "scripts", configMap: { name: scripts.metadata.name } }],
      activeDeadlineSeconds: args.activeDeadlineSeconds,
      podAnnotations: { "lakehouse.dev/script-checksum": checksum(args.script) },
    },
    { parent, dependsOn: [args.workload, scripts, ...args.keys.map((key) => key.inPlatform)] },
  );
}
