// A step that runs on a schedule (backups, mirrors), as a CronJob with the kit's secure pod
// template: never two runs at once, a missed run started late rather than skipped (within a
// deadline), the last runs kept for their logs.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type PodIdentity, podSelector, standardLabels, taskPodTemplateSpec, type TaskContainer } from "./podSpec";

export interface ScheduledTaskArgs {
  namespace: pulumi.Input<string>;
  app: string;
  /** What the step does, e.g. "backup". */
  component: string;
  identity: PodIdentity;
  /** Five cron fields. */
  schedule: string;
  /** Steps before `container`, in order (each must succeed). */
  initContainers?: TaskContainer[];
  container: TaskContainer;
  volumes?: k8s.types.input.core.v1.Volume[];
  /** Upper bound on one run. */
  activeDeadlineSeconds: number;
  podAnnotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export class ScheduledTask extends pulumi.ComponentResource {
  readonly cronJob: k8s.batch.v1.CronJob;

  constructor(name: string, args: ScheduledTaskArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:kit:ScheduledTask", name, {}, opts);
    const labels = standardLabels(args.app, args.component, name);
    const template = taskPodTemplateSpec({
      identity: args.identity,
      initContainers: args.initContainers,
      container: args.container,
      volumes: args.volumes,
      selector: podSelector(args.app, name),
      annotations: args.podAnnotations,
    });
    template.metadata.labels = { ...labels, ...template.metadata.labels };
    this.cronJob = new k8s.batch.v1.CronJob(
      name,
      {
        // A fixed name: runbooks start a run with `kubectl create job --from=cronjob/<name>`.
        metadata: { name, namespace: args.namespace, labels },
        spec: {
          schedule: args.schedule,
          concurrencyPolicy: "Forbid",
          // A run missed (controller down, node drained) still starts within the hour.
          startingDeadlineSeconds: 3600,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            metadata: { labels },
            spec: { backoffLimit: 2, activeDeadlineSeconds: args.activeDeadlineSeconds, ttlSecondsAfterFinished: 7 * 24 * 3600, template },
          },
        },
      },
      { parent: this },
    );
    this.registerOutputs({ cronJob: this.cronJob });
  }
}
