// One of your own services (lakehouse:apps), deployed through the workload kit in the services
// namespace: its own ServiceAccount (no API token), generated secrets in a Secret of its own,
// configuration files that roll the pods when they change, a volume (then a StatefulSet), an
// autoscaler, and a web UI the edge publishes over TLS. What the kit does for every platform
// service it does here: non-root, read-only root, probes, requests and limits, PDB and spread.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AppConfig } from "../../stacks";
import type { WebUi } from "../kit/bindings";
import { GeneratedSecret } from "../kit/generatedSecret";
import { PART_OF, SERVICE_LABEL } from "../kit/labels";
import type { EnvVar, Probe } from "../kit/podSpec";
import { Workload } from "../kit/workload";
import { type AppBindings, bindingEnvironment, bindingsReady, boundServices } from "./appBindings";

export interface AppArgs {
  settings: AppConfig;
  /** The services namespace, as created. */
  namespace: pulumi.Output<string>;
  storageClassName: pulumi.Input<string>;
  /** Whether its volume is protected from deletion (prod). */
  protect: boolean;
  /**
   * Present (default-deny stacks): its own NetworkPolicy lets in its own pods and, with an
   * Ingress, the ingress controller's namespace; and lets out only to its own pods (DNS is the
   * namespace's). Absent: the namespace allows all.
   */
  network?: { ingressControllerNamespace: string; /** In-cluster services' namespaces, by service name: where its bindings' pods are. */ serviceNamespaces: Record<string, string> };
  /** The platform services it is bound to (lakehouse:apps[].bindings), handed over as environment. */
  bindings?: AppBindings;
}

/** The uid an app runs as unless it says otherwise: non-root, outside the image's usual system range. */
export const DEFAULT_APP_UID = 10001;
/** Every app's pods carry app.kubernetes.io/name=<app> and this component label. */
const COMPONENT = "app";

type ProbeSettings = AppConfig["probes"]["liveness"];

/** The schema's probe (http, tcp or exec, with timings) as the kit's. */
export function toProbe(probe: ProbeSettings): Probe {
  const timings = { periodSeconds: probe.periodSeconds, timeoutSeconds: probe.timeoutSeconds, failureThreshold: probe.failureThreshold };
  const defined = Object.fromEntries(Object.entries(timings).filter(([, value]) => value !== undefined));
  if (probe.http) return { httpGet: { path: probe.http.path, port: probe.http.port }, ...defined };
  if (probe.tcp) return { tcpSocket: { port: probe.tcp.port }, ...defined };
  if (probe.exec) return { exec: { command: probe.exec }, ...defined };
  throw new Error("a probe needs one of http, tcp and exec");
}

export class App extends pulumi.ComponentResource {
  readonly appName: string;
  /** What the edge publishes as <host>.<domain>, when the app asks for an Ingress. */
  readonly webUi?: WebUi;
  /** The Service's cluster DNS name, once the app's pods are Ready. */
  readonly dnsName: pulumi.Output<string>;
  /** The kubectl command that prints one generated value, by variable; never the value. */
  readonly generatedSecretCommands: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: AppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:apps:App", name, {}, opts);
    this.appName = name;
    const { settings, namespace } = args;
    const parent = { parent: this };
    const labels = { ...PART_OF, "app.kubernetes.io/name": name, "app.kubernetes.io/component": COMPONENT };

    // Its own identity, with no API token: an app that needs the API is a platform change, not config.
    const serviceAccount = new k8s.core.v1.ServiceAccount(name, { metadata: { name, namespace, labels }, automountServiceAccountToken: false }, parent);

    const generated =
      settings.generatedSecrets && Object.keys(settings.generatedSecrets).length > 0
        ? new GeneratedSecret(
            `${name}-generated`,
            { namespace, secretName: `${name}-generated`, labels, keys: Object.fromEntries(Object.entries(settings.generatedSecrets).map(([variable, spec]) => [variable, { length: spec.length }])) },
            parent,
          )
        : undefined;
    if (generated) for (const variable of Object.keys(generated.values)) this.generatedSecretCommands[variable] = generated.readCommand(variable);

    const bindings = args.bindings ?? {};
    const env: EnvVar[] = [
      ...bindingEnvironment(name, bindings),
      ...Object.entries(settings.env ?? {}).map(([variable, value]) => ({ name: variable, value })),
      ...Object.keys(settings.generatedSecrets ?? {}).map((variable) => ({ name: variable, secret: { name: `${name}-generated`, key: variable } })),
      ...Object.entries(settings.secretEnv ?? {}).map(([variable, ref]) => ({ name: variable, secret: { name: ref.secret, key: ref.key } })),
    ];
    const replicas = settings.autoscaling?.minReplicas ?? settings.replicas;
    if (replicas === undefined) throw new Error(`app ${name}: replicas or autoscaling is required`);

    const workload = new Workload(
      name,
      {
        namespace,
        app: name,
        component: COMPONENT,
        replicas,
        autoscaling: settings.autoscaling,
        identity: { service: name, uid: settings.uid ?? DEFAULT_APP_UID, serviceAccountName: serviceAccount.metadata.name, apiAccess: false },
        containers: [
          {
            name,
            image: settings.image,
            command: settings.command,
            args: settings.args,
            env,
            resources: settings.resources,
            writablePaths: settings.writablePaths,
            ports: settings.ports.map((port) => ({ name: port.name, containerPort: port.port })),
            probes: { liveness: toProbe(settings.probes.liveness), readiness: toProbe(settings.probes.readiness), ...(settings.probes.startup ? { startup: toProbe(settings.probes.startup) } : {}) },
          },
        ],
        config: settings.configFiles && { files: settings.configFiles.files, mountPath: settings.configFiles.mountPath },
        state: settings.volume && {
          storageClassName: args.storageClassName,
          claims: [{ name: "data", size: settings.volume.size, mountPath: settings.volume.mountPath }],
          protect: args.protect,
        },
      },
      // The generated Secret exists before a pod reads it, and each binding's role, key or server.
      { parent: this, dependsOn: [...(generated ? [generated] : []), ...bindingsReady(bindings)] },
    );
    this.dnsName = workload.dnsName;
    if (settings.ingress) {
      const port = settings.ports.find((p) => p.name === settings.ingress?.port);
      if (!port) throw new Error(`app ${name}: ingress.port ${settings.ingress.port} is not one of its ports`);
      this.webUi = { name: settings.ingress.host, namespace, serviceName: workload.serviceName, port: port.port };
    }
    if (args.network) {
      const own = { podSelector: { matchLabels: { [SERVICE_LABEL]: name } } };
      const byName = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });
      const edge = settings.ingress ? [{ namespaceSelector: byName(args.network.ingressControllerNamespace) }] : [];
      // Its bindings' pods when they run in the cluster; an external one is the namespace's outside egress.
      const serviceNamespaces = args.network.serviceNamespaces;
      const bound = boundServices(bindings)
        .filter((service) => serviceNamespaces[service] !== undefined)
        .map((service) => ({ namespaceSelector: byName(serviceNamespaces[service]), podSelector: { matchLabels: { [SERVICE_LABEL]: service } } }));
      new k8s.networking.v1.NetworkPolicy(
        name,
        {
          metadata: { name: `allow-${name}`, namespace, labels },
          spec: { podSelector: own.podSelector, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [own, ...edge] }], egress: [{ to: [own, ...bound] }] },
        },
        parent,
      );
    }
    this.registerOutputs({ dnsName: this.dnsName, webUi: this.webUi });
  }
}
