// One way for every service to declare its workload: a Deployment or StatefulSet with the secure
// pod template, a Service for its ports, and a PodDisruptionBudget once it has replicas to protect.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { podTemplateSpec, type PodIdentity, type ServiceContainer, standardLabels, type TaskContainer } from "./podSpec";

export interface VolumeClaim {
  name: string;
  size: string;
  mountPath: string;
}

export interface WorkloadArgs {
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
   */
  state?: { storageClassName: pulumi.Input<string>; claims: VolumeClaim[]; protect?: boolean };
  /** Service ports by container port name, from any container; default all ports of the first container. */
  servicePorts?: string[];
  /** Pod annotations, e.g. a checksum of mounted configuration so a change rolls the pods. */
  podAnnotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export class Workload extends pulumi.ComponentResource {
  readonly workload: k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet;
  readonly service: k8s.core.v1.Service;
  readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;
  /** The Service's cluster DNS name: how other services reach this one. */
  readonly dnsName: pulumi.Output<string>;

  constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:kit:Workload", name, {}, opts);
    const labels = standardLabels(args.app, args.component, name);
    const selector = { "app.kubernetes.io/name": args.app, "app.kubernetes.io/instance": name };
    // Each claim of a StatefulSet is mounted into the main container at its mountPath.
    const claimMounts = (args.state?.claims ?? []).map((claim) => ({ name: claim.name, mountPath: claim.mountPath }));
    const [main, ...sidecars] = args.containers;
    const containers: [ServiceContainer, ...ServiceContainer[]] = [{ ...main, volumeMounts: [...(main.volumeMounts ?? []), ...claimMounts] }, ...sidecars];
    const template = podTemplateSpec({
      identity: args.identity,
      containers,
      initContainers: args.initContainers,
      volumes: args.volumes,
      terminationGracePeriodSeconds: args.terminationGracePeriodSeconds,
      selector,
      replicas: args.replicas,
      annotations: args.podAnnotations,
    });
    template.metadata.labels = { ...labels, ...template.metadata.labels };
    const podTemplate: k8s.types.input.core.v1.PodTemplateSpec = template;
    const metadata = { name, namespace: args.namespace, labels };
    const childOpts = { parent: this };

    // Named ports of any container (e.g. a metrics sidecar); by default the main container's.
    const ports = args.servicePorts ? args.containers.flatMap((c) => c.ports).filter((p) => args.servicePorts?.includes(p.name)) : args.containers[0].ports;
    this.service = new k8s.core.v1.Service(
      name,
      {
        metadata,
        spec: {
          type: "ClusterIP",
          // A StatefulSet's pods get stable DNS names through a headless Service.
          clusterIP: args.state ? "None" : undefined,
          selector,
          ports: ports.map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: p.protocol ?? "TCP" })),
        },
      },
      childOpts,
    );

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
            podManagementPolicy: "OrderedReady",
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
            replicas: args.replicas,
            selector: { matchLabels: selector },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            template: podTemplate,
          },
        },
        childOpts,
      );
    }

    if (args.replicas > 1) {
      this.podDisruptionBudget = new k8s.policy.v1.PodDisruptionBudget(
        name,
        { metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } },
        childOpts,
      );
    }

    this.dnsName = pulumi.interpolate`${this.service.metadata.name}.${this.service.metadata.namespace}.svc.cluster.local`;
    this.registerOutputs({ workload: this.workload, service: this.service, podDisruptionBudget: this.podDisruptionBudget, dnsName: this.dnsName });
  }
}
