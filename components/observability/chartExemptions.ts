// The policy exemptions of kube-prometheus-stack's objects: each is upstream's design, which no value
// of the chart changes, and none can be annotated through values alone (the Prometheus Service
// could, but one table is easier to audit). A transform on the chart annotates exactly these
// objects with their reason, so every preview lists them (lakehouse-policy-exemptions).
import type * as pulumi from "@pulumi/pulumi";
import { asRecord, type KubeObject } from "../../policy/lib/objects";
import { EXEMPTION_PREFIX } from "../../policy/lib/rule";
import { ALERTMANAGER_SERVICE, GRAFANA_SERVICE, PROMETHEUS_SERVICE, RELEASE } from "./charts";
import { DASHBOARDS_SIDECAR_HEALTH_PORT } from "./grafanaValues";

interface ChartExemption {
  /** The object's Pulumi type token, as the chart's children register. */
  type: string;
  kind: string;
  name: string;
  policy: string;
  reason: string;
}

export const CHART_EXEMPTIONS: ChartExemption[] = [
  {
    type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    kind: "ClusterRole",
    name: `${RELEASE}-operator`,
    policy: "bp-rbac-no-wildcards",
    reason: "the Prometheus Operator's upstream ClusterRole: it creates, updates and deletes its own custom resources and the StatefulSets, ConfigMaps and Secrets it generates",
  },
  {
    type: "kubernetes:apps/v1:Deployment",
    kind: "Deployment",
    name: GRAFANA_SERVICE,
    policy: "contract-liveness-readiness-probes",
    reason: `the dashboards sidecar is probed on its health port ${DASHBOARDS_SIDECAR_HEALTH_PORT} (its HEALTH_PORT), which the grafana chart cannot list among the sidecar's ports; test/e2e/charts.e2e.test.ts checks every probe`,
  },
  {
    type: "kubernetes:core/v1:Service",
    kind: "Service",
    name: PROMETHEUS_SERVICE,
    policy: "stack-service-selects-workload",
    reason: "selects the Prometheus pods, which the operator creates from the Prometheus resource: they are not objects of the stack",
  },
  {
    type: "kubernetes:core/v1:Service",
    kind: "Service",
    name: ALERTMANAGER_SERVICE,
    policy: "stack-service-selects-workload",
    reason: "selects the Alertmanager pods, which the operator creates from the Alertmanager resource: they are not objects of the stack",
  },
];

const nameOf = (object: KubeObject) => asRecord(object.metadata).name;

function annotate<T extends KubeObject>(object: T, exemptions: ChartExemption[]): T {
  if (exemptions.length === 0) return object;
  const metadata = asRecord(object.metadata);
  const annotations = Object.fromEntries(exemptions.map((e) => [`${EXEMPTION_PREFIX}${e.policy}`, e.reason]));
  return { ...object, metadata: { ...metadata, annotations: { ...asRecord(metadata.annotations), ...annotations } } };
}

/** A rendered object as we deploy it: annotated when the table names it. */
export function withChartExemptions<T extends KubeObject>(object: T): T {
  return annotate(
    object,
    CHART_EXEMPTIONS.filter((e) => e.kind === object.kind && e.name === nameOf(object)),
  );
}

/** The same, as a transform of the chart's children (each registers with its object as props). */
export const chartExemptionsTransform: pulumi.ResourceTransform = (args) => {
  const exemptions = CHART_EXEMPTIONS.filter((e) => e.type === args.type && e.name === nameOf(args.props as KubeObject));
  return exemptions.length ? { props: annotate(args.props as KubeObject, exemptions), opts: args.opts } : undefined;
};
