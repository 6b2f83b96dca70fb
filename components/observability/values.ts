// The kube-prometheus-stack values for one stack: the Prometheus side when Prometheus runs in the
// cluster (with Alertmanager when lakehouse:services.prometheus.alerting turns it on), Grafana when
// Grafana does.
import type * as pulumi from "@pulumi/pulumi";
import type { ObservabilityPlacement, StackConfig } from "../../stacks";
import { type DatabaseBinding, required as requiredBinding } from "../kit/bindings";
import { alertmanagerValues } from "./alertmanagerValues";
import { RELEASE } from "./charts";
import { grafanaValues } from "./grafanaValues";
import { noPrometheusValues, prometheusValues } from "./prometheusValues";

export interface StackValuesInput {
  config: Pick<StackConfig, "services" | "images" | "environment">;
  placement: ObservabilityPlacement;
  storageClassName: pulumi.Input<string>;
  serviceAccounts: { prometheus?: pulumi.Input<string>; grafana?: pulumi.Input<string> };
  grafanaAdminSecret?: string;
  grafanaDatabase?: DatabaseBinding;
  externalPrometheusUrl?: pulumi.Input<string>;
}

export function kubePrometheusStackValues(input: StackValuesInput): Record<string, unknown> {
  const { config, placement } = input;
  const prometheusSide =
    placement.prometheus === "in-cluster"
      ? prometheusValues({ config, storageClassName: input.storageClassName, serviceAccountName: required(input.serviceAccounts.prometheus, 'ServiceAccount "prometheus"') })
      : noPrometheusValues;
  const grafana =
    placement.grafana === "in-cluster"
      ? grafanaValues({
          config,
          serviceAccountName: required(input.serviceAccounts.grafana, 'ServiceAccount "grafana"'),
          adminSecretName: required(input.grafanaAdminSecret, 'Secret "grafana-admin"'),
          // Not the foundation's: the PostgreSQL layer hands it over, like every consumer's.
          database: requiredBinding(input.grafanaDatabase, "a database for Grafana"),
          externalPrometheusUrl: placement.prometheus === "external" ? input.externalPrometheusUrl : undefined,
        })
      : { enabled: false };
  return {
    fullnameOverride: RELEASE,
    ...(config.images.registry ? { global: { imageRegistry: config.images.registry } } : {}),
    alertmanager: placement.prometheus === "in-cluster" ? alertmanagerValues(config.services.prometheus.alerting, input.storageClassName) : { enabled: false },
    ...prometheusSide,
    grafana,
  };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Observability: the foundation has no ${what}; is the service enabled in the cluster?`);
  return value;
}
