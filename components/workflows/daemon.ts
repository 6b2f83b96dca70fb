// A long-running process that serves nothing (Airflow's dag processor, Dagster's daemon): the kit's
// secure pod template in a Deployment, and no Service, because there is no port to publish (a
// ClusterIP Service without ports is invalid). Probes are exec probes, so no port is needed.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type PodIdentity, podTemplateSpec, type ServiceContainer, standardLabels } from "../kit/podSpec";

export interface DaemonArgs {
  namespace: pulumi.Input<string>;
  app: string;
  component: string;
  identity: PodIdentity;
  /** Exec probes only: the container declares no port. */
  container: ServiceContainer & { ports: [] };
  volumes?: k8s.types.input.core.v1.Volume[];
  terminationGracePeriodSeconds?: number;
  podAnnotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export class Daemon extends pulumi.ComponentResource {
  readonly deployment: k8s.apps.v1.Deployment;

  constructor(name: string, args: DaemonArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:workflows:Daemon", name, {}, opts);
    const labels = standardLabels(args.app, args.component, name);
    const selector = { "app.kubernetes.io/name": args.app, "app.kubernetes.io/instance": name };
    const template = podTemplateSpec({
      identity: args.identity,
      containers: [args.container],
      volumes: args.volumes,
      terminationGracePeriodSeconds: args.terminationGracePeriodSeconds,
      selector,
      replicas: 1,
      annotations: args.podAnnotations,
    });
    template.metadata.labels = { ...labels, ...template.metadata.labels };
    this.deployment = new k8s.apps.v1.Deployment(
      name,
      {
        metadata: { name, namespace: args.namespace, labels },
        spec: {
          // One, replaced not surged: Dagster's daemon must run alone, and one dag processor parses every file.
          replicas: 1,
          selector: { matchLabels: selector },
          strategy: { type: "Recreate" },
          template,
        },
      },
      { parent: this },
    );
    this.registerOutputs({ deployment: this.deployment });
  }
}
