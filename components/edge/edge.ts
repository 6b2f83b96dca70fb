import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { WebUi } from "../kit/bindings";
import { ACCESS_RULES } from "../kit/accessRules";
import { PART_OF } from "../kit/labels";
import { CERT_MANAGER_CHART, chartSource, type StackConfig, TRAEFIK_CHART } from "../../stacks";
import { CERT_MANAGER_RELEASE, certManagerValues } from "./certManagerValues";
import { TRAEFIK_RELEASE } from "./charts";
import { controllerPodSecurity, exposureOf } from "./exposure";
import { assertPublishable, uiUrl } from "./hosts";
import { ingressArgs } from "./ingress";
import { issuerChain } from "./issuers";
import { edgeNamespaceLabels } from "./namespaces";
import { CERT_MANAGER_METRICS, type EdgeNamespaceRole, edgeNetworkPolicies } from "./networkPolicies";
import { TRAEFIK_POD_LABELS, traefikValues } from "./traefikValues";

/** The parts of the stack config the edge reads: its own block, and the cluster facts it publishes on. */
export type EdgeSettings = Pick<StackConfig, "edge" | "cluster" | "storage" | "network" | "charts" | "images" | "environment">;

export interface EdgeArgs {
  config: EdgeSettings;
  /** The Services to publish, one host each: <ui.name>.<edge domain>. */
  uis: WebUi[];
  /** Prometheus in the cluster, to scrape cert-manager's certificate metrics; absent, none. */
  monitoring?: EdgeMonitoring;
}

export interface EdgeMonitoring {
  /** Prometheus' namespace and ServiceAccount (its discovery Role is granted in cert-manager's namespace). */
  namespace: string;
  serviceAccountName: pulumi.Input<string>;
  /** What must exist first: the monitoring CRDs (kube-prometheus-stack). */
  ready: pulumi.Input<pulumi.Resource>[];
}

/**
 * How the platform's UIs are reached from outside: an ingress controller (Traefik, or the
 * cluster's own), cert-manager with one ClusterIssuer (a shared self-signed CA in dev, ACME
 * elsewhere), and one TLS Ingress per UI. Disabled (lakehouse:edge.enabled false): nothing at all.
 */
export class Edge extends pulumi.ComponentResource {
  /** https://<name>.<domain> per published UI, by UI name. */
  readonly urls: Record<string, pulumi.Output<string>>;
  /** The ClusterIssuer the Ingresses use; undefined when the edge is disabled. */
  readonly issuerName: pulumi.Output<string> | undefined;

  constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:edge:Edge", name, {}, opts);
    const { config } = args;
    this.urls = {};
    if (!config.edge.enabled) {
      this.issuerName = undefined;
      this.registerOutputs({ urls: this.urls });
      return;
    }
    assertPublishable(args.uis.map((ui) => ui.name));
    const parent = { parent: this };

    const controller = config.edge.controller === "traefik" ? this.traefik(config) : undefined;

    const certManagerNamespace = this.namespace("cert-manager", config.edge.certManagerNamespace, "restricted", config, args.monitoring?.namespace);
    // A Chart v4 like Traefik's, not @pulumi/kubernetes-cert-manager's Helm release: every object
    // is visible to the policy pack and to preview, and no second provider plugin is needed.
    const certManager = new k8s.helm.v4.Chart(
      "cert-manager",
      {
        ...chartSource(CERT_MANAGER_CHART, config.charts),
        name: CERT_MANAGER_RELEASE.name,
        namespace: certManagerNamespace.metadata.name,
        values: certManagerValues(config, certManagerNamespace.metadata.name),
      },
      parent,
    );

    // Each object needs cert-manager's CRDs and webhook, and the one before it.
    const chain = issuerChain(config.edge, config.cluster.ingressClass, certManagerNamespace.metadata.name);
    let previous: pulumi.Resource = certManager;
    for (const object of chain.objects) {
      previous = new k8s.apiextensions.CustomResource(
        `${object.metadata.name}-${object.kind.toLowerCase()}`,
        { apiVersion: "cert-manager.io/v1", kind: object.kind, metadata: { ...object.metadata, labels: PART_OF }, spec: object.spec },
        { ...parent, dependsOn: [certManager, previous] },
      );
    }
    const issuer = previous as k8s.apiextensions.CustomResource;
    if (args.monitoring) this.monitorCertManager(certManagerNamespace, certManager, args.monitoring);
    this.issuerName = issuer.metadata.name;

    for (const ui of args.uis) {
      new k8s.networking.v1.Ingress(`${ui.name}-ingress`, ingressArgs(ui, config.edge.domain, config.cluster.ingressClass, this.issuerName), {
        ...parent,
        // The controller writes the status Pulumi waits for; the issuer signs the certificate.
        dependsOn: controller ? [controller, issuer] : [issuer],
      });
      this.urls[ui.name] = pulumi.output(uiUrl(ui.name, config));
    }

    this.registerOutputs({ urls: this.urls, issuerName: this.issuerName });
  }

  /** The controller's namespace and Traefik in it. */
  private traefik(config: EdgeSettings): k8s.helm.v4.Chart {
    const exposure = exposureOf(config);
    const namespace = this.namespace("ingress-controller", config.network.ingressControllerNamespace, controllerPodSecurity(exposure), config);
    return new k8s.helm.v4.Chart(
      "traefik",
      {
        ...chartSource(TRAEFIK_CHART, config.charts),
        ...TRAEFIK_RELEASE,
        namespace: namespace.metadata.name,
        values: traefikValues(config),
      },
      { parent: this },
    );
  }

  /**
   * Prometheus scrapes cert-manager's controller (certificate expiry and readiness, for the
   * certificate alerts): a ServiceMonitor beside it, and the discovery Role Prometheus has in every
   * lakehouse namespace, granted here too.
   */
  private monitorCertManager(namespace: k8s.core.v1.Namespace, certManager: k8s.helm.v4.Chart, monitoring: EdgeMonitoring): void {
    const parent = { parent: this };
    const ns = namespace.metadata.name;
    const role = new k8s.rbac.v1.Role(
      "cert-manager-prometheus-discover",
      { metadata: { name: "prometheus-discover-targets", namespace: ns, labels: PART_OF }, rules: ACCESS_RULES["discover-targets"] },
      parent,
    );
    new k8s.rbac.v1.RoleBinding(
      "cert-manager-prometheus-discover",
      {
        metadata: { name: "prometheus-discover-targets", namespace: ns, labels: PART_OF },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
        subjects: [{ kind: "ServiceAccount", name: monitoring.serviceAccountName, namespace: monitoring.namespace }],
      },
      parent,
    );
    new k8s.apiextensions.CustomResource(
      "cert-manager-monitor",
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name: "cert-manager", namespace: ns, labels: { ...PART_OF, "app.kubernetes.io/name": "cert-manager" } },
        spec: {
          selector: { matchLabels: { ...CERT_MANAGER_METRICS.pods } },
          endpoints: [{ port: CERT_MANAGER_METRICS.portName, path: "/metrics", interval: "60s", scrapeTimeout: "10s" }],
        },
      },
      { ...parent, dependsOn: [certManager, ...monitoring.ready] },
    );
  }

  /** A namespace of the edge with its labels and network policies. */
  private namespace(role: EdgeNamespaceRole, name: string, podSecurity: "privileged" | "restricted", config: EdgeSettings, prometheusNamespace?: string): k8s.core.v1.Namespace {
    const namespace = new k8s.core.v1.Namespace(name, { metadata: { name, labels: edgeNamespaceLabels(config, podSecurity) } }, { parent: this });
    for (const policy of edgeNetworkPolicies(config.network, role, TRAEFIK_POD_LABELS, prometheusNamespace)) {
      new k8s.networking.v1.NetworkPolicy(`${name}-${policy.name}`, { metadata: { name: policy.name, namespace: namespace.metadata.name, labels: PART_OF }, spec: policy.spec }, { parent: this });
    }
    return namespace;
  }
}
