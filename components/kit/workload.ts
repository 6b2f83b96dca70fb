// One way for every service to declare its workload: a Deployment or StatefulSet with the secure
// pod template, a Service for its ports (unless it serves nothing), and a PodDisruptionBudget once
// it has replicas to protect.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ScrapeTarget } from "./bindings";
import { ConfigFiles, configChecksum, type Files } from "./configFiles";
import { type ContainerPort, podSelector, podTemplateSpec, type PodIdentity, type ServiceContainer, standardLabels, type TaskContainer } from "./podSpec";

export interface VolumeClaim {
  name: string;
  size: string;
  mountPath: string;
}

export interface WorkloadArgs<Published extends boolean = true> {
  namespace: pulumi.Input<string>;
  /** app.kubernetes.io/name, e.g. "trino". */
  app: string;
  /** app.kubernetes.io/component, e.g. "coordinator". */
  component: string;
  replicas: number;
  identity: PodIdentity;
  containers: [ServiceContainer, ...ServiceContainer[]];
  initContainers?: TaskContainer[];
  volumes?: k8s.types.input.core.v1.Volume[];
  terminationGracePeriodSeconds?: number;
  /**
   * Present: a StatefulSet with one claim per replica on the platform's storage class. `protect`
   * (prod) keeps Pulumi from deleting it and leaves it in the cluster if it leaves the program.
   * `startTogether`: for members that resolve each other by DNS before any is ready (distributed
   * MinIO), pods start in parallel and the headless Service publishes them before they are ready;
   * otherwise they start one by one, each after the previous is ready.
   */
  state?: { storageClassName: pulumi.Input<string>; claims: VolumeClaim[]; protect?: boolean; startTogether?: boolean };
  /** Service ports by container port name, from any container; default all ports of the first container. */
  servicePorts?: string[];
  /**
   * `false`: no Service, for a process that serves nothing and is probed by exec (Airflow's dag
   * processor, Dagster's daemon); a Service without ports is invalid. Default `true`.
   */
  service?: Published;
  /**
   * Never two pods at once, even while rolling out (Recreate): for processes that must run alone,
   * such as Dagster's daemon. Needs `replicas: 1`. (A StatefulSet replaces a pod before starting
   * its successor anyway.)
   */
  singleton?: boolean;
  /**
   * Configuration files mounted read-only into the main container at `mountPath`: the kit makes
   * the ConfigMap, the volume, the mount and the checksum annotation that rolls the pods.
   */
  config?: { files: Files; mountPath: string };
  /**
   * Configuration shared with other workloads (one ConfigMap for all of Airflow's components):
   * each becomes a pod volume of the given name, mounted where the containers say, and counts in
   * the same checksum annotation.
   */
  sharedConfig?: Array<{ files: ConfigFiles; volumeName: string }>;
  /** Pod annotations. */
  podAnnotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * A HorizontalPodAutoscaler on CPU (Deployments only). The Deployment then leaves spec.replicas
   * out: the autoscaler owns it, so `up` never scales it back or conflicts with it under
   * server-side apply. `replicas` must equal minReplicas (the count it is sized and checked at).
   */
  autoscaling?: { minReplicas: number; maxReplicas: number; cpuUtilization: number };
}

/** What exists only when the workload is published: its Service and the Service's DNS name. */
type IfPublished<Published extends boolean, T> = Published extends true ? T : undefined;

/** The ports the Service publishes, or none without a Service; refuses what Kubernetes would. */
export function publishedPorts(name: string, args: Pick<WorkloadArgs<boolean>, "containers" | "servicePorts" | "service" | "state" | "singleton" | "replicas">): ContainerPort[] {
  if (args.singleton && args.replicas !== 1) throw new Error(`workload ${name}: a singleton runs exactly 1 replica, got ${args.replicas}`);
  if (args.service === false) {
    if (args.state) throw new Error(`workload ${name}: a StatefulSet needs its headless Service (its pods' DNS names); drop service: false`);
    return [];
  }
  // Named ports of any container (e.g. a metrics sidecar); by default the main container's.
  const ports = args.servicePorts ? args.containers.flatMap((c) => c.ports).filter((p) => args.servicePorts?.includes(p.name)) : args.containers[0].ports;
  if (ports.length === 0) throw new Error(`workload ${name}: its Service would publish no port (Kubernetes refuses that); declare a port, or set service: false for a workload that serves nothing`);
  return ports;
}

/** The volume of the files in WorkloadArgs.config. */
const CONFIG_VOLUME = "config";

export class Workload<Published extends boolean = true> extends pulumi.ComponentResource {
  readonly workload: k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet;
  readonly service: IfPublished<Published, k8s.core.v1.Service>;
  readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;
  /** The Service's name, resolved once the workload's rollout is done (its pods Ready). */
  readonly serviceName: IfPublished<Published, pulumi.Output<string>>;
  /** The Service's cluster DNS name: how other services reach this one (also after the rollout). */
  readonly dnsName: IfPublished<Published, pulumi.Output<string>>;
  /** The labels its pods (and its Service) are selected by. */
  readonly selector: Record<string, string>;
  private readonly namespace: pulumi.Output<string>;

  constructor(name: string, args: WorkloadArgs<Published>, opts?: pulumi.ComponentResourceOptions) {
    const ports = publishedPorts(name, args);
    super("lakehouse:kit:Workload", name, {}, opts);
    const labels = standardLabels(args.app, args.component, name);
    const selector = podSelector(args.app, name);
    this.selector = selector;
    this.namespace = pulumi.output(args.namespace);
    // Each claim of a StatefulSet is mounted into the main container at its mountPath.
    const claimMounts = (args.state?.claims ?? []).map((claim) => ({ name: claim.name, mountPath: claim.mountPath }));
    const config = args.config && new ConfigFiles(`${name}-config`, { namespace: args.namespace, labels, files: args.config.files }, { parent: this });
    const configMounts = args.config ? [{ name: CONFIG_VOLUME, mountPath: args.config.mountPath, readOnly: true }] : [];
    const [main, ...sidecars] = args.containers;
    // The config directory first: mounts nested in it (Trino's catalog/) come after.
    const containers: [ServiceContainer, ...ServiceContainer[]] = [{ ...main, volumeMounts: [...configMounts, ...(main.volumeMounts ?? []), ...claimMounts] }, ...sidecars];
    const shared = args.sharedConfig ?? [];
    const checksummed = [...(config ? [config] : []), ...shared.map((s) => s.files)];
    const template = podTemplateSpec({
      identity: args.identity,
      containers,
      initContainers: args.initContainers,
      volumes: [...(config ? [config.volume(CONFIG_VOLUME)] : []), ...shared.map((s) => s.files.volume(s.volumeName)), ...(args.volumes ?? [])],
      terminationGracePeriodSeconds: args.terminationGracePeriodSeconds,
      selector,
      // Spread and anti-affinity as soon as it may run more than one pod.
      replicas: Math.max(args.replicas, args.autoscaling?.maxReplicas ?? 0),
      annotations: checksummed.length ? pulumi.all([args.podAnnotations ?? {}, configChecksum(...checksummed)]).apply(([extra, sum]) => ({ ...extra, ...sum })) : args.podAnnotations,
    });
    template.metadata.labels = { ...labels, ...template.metadata.labels };
    const podTemplate: k8s.types.input.core.v1.PodTemplateSpec = template;
    if (args.autoscaling && args.state) throw new Error(`workload ${name}: autoscaling is for Deployments; a StatefulSet's volumes outlive a scale-down`);
    if (args.autoscaling && args.autoscaling.minReplicas !== args.replicas)
      throw new Error(`workload ${name}: with autoscaling, replicas (${args.replicas}) must be minReplicas (${args.autoscaling.minReplicas})`);
    const metadata = { name, namespace: args.namespace, labels };
    const childOpts = { parent: this };

    const service =
      ports.length > 0
        ? new k8s.core.v1.Service(
            name,
            {
              // No await on the Service: after every change to its endpoints the provider sleeps
              // 10 s for them to settle, which on each level of the dependency graph cost `up`
              // 10 s (bench:e2e). Readiness is awaited on the Deployment or StatefulSet instead,
              // and serviceName and dnsName resolve only once that rollout is done.
              metadata: { ...metadata, annotations: { "pulumi.com/skipAwait": "true" } },
              spec: {
                type: "ClusterIP",
                // A StatefulSet's pods get stable DNS names through a headless Service.
                clusterIP: args.state ? "None" : undefined,
                publishNotReadyAddresses: args.state?.startTogether || undefined,
                selector,
                ports: ports.map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: p.protocol ?? "TCP" })),
              },
            },
            childOpts,
          )
        : undefined;
    // publishedPorts returns ports exactly when Published is true, so these match the declared types.
    this.service = service as IfPublished<Published, k8s.core.v1.Service>;

    if (args.state) {
      const { storageClassName, claims } = args.state;
      this.workload = new k8s.apps.v1.StatefulSet(
        name,
        {
          metadata,
          spec: {
            serviceName: name,
            replicas: args.replicas,
            selector: { matchLabels: selector },
            podManagementPolicy: args.state.startTogether ? "Parallel" : "OrderedReady",
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            template: podTemplate,
            volumeClaimTemplates: claims.map((claim) => ({
              metadata: { name: claim.name, labels },
              spec: { accessModes: ["ReadWriteOnce"], storageClassName, resources: { requests: { storage: claim.size } } },
            })),
          },
        },
        { ...childOpts, protect: args.state.protect, retainOnDelete: args.state.protect },
      );
    } else {
      this.workload = new k8s.apps.v1.Deployment(
        name,
        {
          metadata,
          spec: {
            replicas: args.autoscaling ? undefined : args.replicas,
            selector: { matchLabels: selector },
            // A singleton stops before its successor starts; others roll without losing capacity.
            strategy: args.singleton ? { type: "Recreate" } : { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            template: podTemplate,
          },
        },
        childOpts,
      );
    }
    if (args.autoscaling) {
      const { minReplicas, maxReplicas, cpuUtilization } = args.autoscaling;
      new k8s.autoscaling.v2.HorizontalPodAutoscaler(
        name,
        {
          metadata,
          spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: this.workload.metadata.name },
            minReplicas,
            maxReplicas,
            metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: cpuUtilization } } }],
          },
        },
        childOpts,
      );
    }

    // The Service's name once its pods are Ready: a consumer that uses it waits for the rollout.
    const workload = this.workload;
    const ready = service && pulumi.all([service.metadata.name, workload.metadata.name]).apply(([serviceName]) => serviceName);
    this.serviceName = ready as IfPublished<Published, pulumi.Output<string>>;
    this.dnsName = (service && pulumi.interpolate`${ready}.${service.metadata.namespace}.svc.cluster.local`) as IfPublished<Published, pulumi.Output<string>>;

    if (Math.max(args.replicas, args.autoscaling?.maxReplicas ?? 0) > 1) {
      this.podDisruptionBudget = new k8s.policy.v1.PodDisruptionBudget(name, { metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } }, childOpts);
    }

    this.registerOutputs({ workload: this.workload, service: this.service, podDisruptionBudget: this.podDisruptionBudget, dnsName: this.dnsName });
  }

  /** This workload's metrics, scraped through its Service's named port. */
  scrapeTarget(name: string, portName: string, path: string): ScrapeTarget {
    return { name, namespace: this.namespace, selector: this.selector, portName, path };
  }
}
