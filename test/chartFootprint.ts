// The pods the charts run, as the stack config sizes them, named as the charts name them. Under
// mocks charts are not rendered, so the quota and laptop tests add these to what the program
// registers; the real render (test/e2e/charts.e2e.test.ts) checks that the charts run exactly
// these containers with these sizes.
import type { Resources, StackConfig } from "../stacks";
import { exposureOf } from "../components/edge/exposure";
import { traefikReplicas } from "../components/edge/traefikValues";
import { ALERTMANAGER_SERVICE, GRAFANA_SERVICE, PROMETHEUS_SERVICE, RELEASE } from "../components/observability/charts";
import { observabilityPlacement } from "../stacks";

export interface ChartPod {
  name: string;
  namespace: string;
  replicas: number;
  containers: Resources[];
}

export function chartPods(config: StackConfig): ChartPod[] {
  const pods: ChartPod[] = [];
  const { prometheus, grafana } = config.services;
  const placement = observabilityPlacement(config.services);
  const observability = config.namespaces.observability.name;
  if (placement.prometheus === "in-cluster") {
    pods.push(
      { name: `${RELEASE}-operator`, namespace: observability, replicas: 1, containers: [prometheus.operatorResources] },
      { name: `${RELEASE}-kube-state-metrics`, namespace: observability, replicas: 1, containers: [prometheus.kubeStateMetricsResources] },
      // Started by the operator from the Prometheus resource: Prometheus and its config reloader.
      { name: PROMETHEUS_SERVICE, namespace: observability, replicas: prometheus.replicas, containers: [prometheus.resources, prometheus.configReloaderResources] },
    );
    const { alertmanager } = prometheus.alerting;
    // Started by the operator from the Alertmanager resource: Alertmanager and the same config reloader.
    if (alertmanager.enabled) {
      pods.push({ name: ALERTMANAGER_SERVICE, namespace: observability, replicas: alertmanager.replicas, containers: [alertmanager.resources, prometheus.configReloaderResources] });
    }
  }
  if (placement.grafana === "in-cluster") {
    // Grafana and its one sidecar, which loads dashboards (the datasource is a provisioned file).
    pods.push({ name: GRAFANA_SERVICE, namespace: observability, replicas: grafana.replicas, containers: [grafana.resources, grafana.sidecarResources] });
  }
  const { edge } = config;
  if (edge.enabled) {
    if (edge.controller === "traefik") {
      pods.push({ name: "traefik", namespace: config.network.ingressControllerNamespace, replicas: traefikReplicas(edge.replicas, exposureOf(config)), containers: [edge.resources.traefik] });
    }
    for (const [name, size] of [
      ["cert-manager", edge.resources.certManager],
      ["cert-manager-webhook", edge.resources.certManagerWebhook],
      ["cert-manager-cainjector", edge.resources.certManagerCainjector],
    ] as const) {
      pods.push({ name, namespace: edge.certManagerNamespace, replicas: edge.replicas, containers: [size] });
    }
  }
  return pods;
}
