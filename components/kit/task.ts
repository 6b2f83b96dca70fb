// A run-to-completion step of a deploy (create buckets and keys, databases and roles, schema
// migrations), as a Job with the kit's secure pod template. Pulumi waits for the Job to complete,
// so what depends on the step waits too. Every step is idempotent: re-running it changes nothing.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type PodIdentity, podSelector, standardLabels, taskPodTemplateSpec, type TaskContainer } from "./podSpec";

export interface TaskArgs {
  namespace: pulumi.Input<string>;
  app: string;
  /** What the step does, e.g. "bootstrap" or "migrate". */
  component: string;
  identity: PodIdentity;
  container: TaskContainer;
  volumes?: k8s.types.input.core.v1.Volume[];
  /** Attempts before the deploy fails. */
  backoffLimit?: number;
  /** Upper bound on one run, so a hung step fails the deploy instead of blocking it. */
  activeDeadlineSeconds?: number;
  /** Pod annotations, e.g. a checksum of the script so a changed script runs again. */
  podAnnotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

// Finished Jobs are kept a week for their logs, then garbage-collected; re-running is harmless.
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

export class Task extends pulumi.ComponentResource {
  readonly job: k8s.batch.v1.Job;

  constructor(name: string, args: TaskArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:kit:Task", name, {}, opts);
    const labels = standardLabels(args.app, args.component, name);
    const selector = podSelector(args.app, name);
    const template = taskPodTemplateSpec({ identity: args.identity, container: args.container, volumes: args.volumes, selector, annotations: args.podAnnotations });
    template.metadata.labels = { ...labels, ...template.metadata.labels };
    this.job = new k8s.batch.v1.Job(
      name,
      {
        // No fixed name: a changed Job template is immutable, so Pulumi replaces the Job under a new name.
        metadata: { namespace: args.namespace, labels },
        spec: {
          backoffLimit: args.backoffLimit ?? 6,
          activeDeadlineSeconds: args.activeDeadlineSeconds ?? 900,
          ttlSecondsAfterFinished: KEEP_FINISHED_SECONDS,
          template,
        },
      },
      { parent: this },
    );
    this.registerOutputs({ job: this.job });
  }
}
