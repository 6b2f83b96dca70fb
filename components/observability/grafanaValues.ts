// kube-prometheus-stack values for Grafana: its admin from the foundation's Secret (never a
// password in values), its state in PostgreSQL, the foundation's ServiceAccount, restricted
// security contexts, and the Prometheus datasource pointing at ours or at the external one.
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../stacks";
import type { DatabaseBinding } from "../kit/bindings";
import { hostPort } from "../kit/endpoint";
import { chartServicePodLabels } from "../kit/labels";
import { GRAFANA_PORT, GRAFANA_SERVICE, PROMETHEUS_PORT, PROMETHEUS_SERVICE } from "./charts";

/**
 * Where the dashboards sidecar (k8s-sidecar) answers /healthz: we set its HEALTH_PORT, as the chart
 * does not (the sidecar would then take 8080). The chart applies one liveness and one readiness
 * probe to every sidecar, while each listens on its own port; so only this sidecar runs, and the
 * datasource is a provisioned file.
 */
export const DASHBOARDS_SIDECAR_HEALTH_PORT = 8084;

const sidecarHealth = { httpGet: { path: "/healthz", port: DASHBOARDS_SIDECAR_HEALTH_PORT } };

export interface GrafanaValuesInput {
  config: Pick<StackConfig, "services" | "images" | "environment">;
  /** The foundation's ServiceAccount "grafana". */
  serviceAccountName: pulumi.Input<string>;
  /** The foundation's Secret with keys username and password. */
  adminSecretName: string;
  /** Set when Prometheus runs outside the cluster: the datasource URL. */
  externalPrometheusUrl?: pulumi.Input<string>;
  /** Grafana's own database: users, dashboards and sessions outlive pods and are shared by replicas. */
  database: DatabaseBinding;
}

/** The [database] section by DNS name; the role and its password come from the binding's Secret. */
function databaseSettings(database: DatabaseBinding): { ini: Record<string, unknown>; env: Record<string, unknown> } {
  const fromSecret = (key: string) => ({ secretKeyRef: { name: database.secret.name, key } });
  return {
    ini: {
      type: "postgres",
      host: hostPort(database.endpoint),
      name: database.database,
      ssl_mode: database.endpoint.tls ? "require" : "disable",
    },
    // Grafana reads GF_<SECTION>_<KEY> over grafana.ini, so no credential enters the values.
    env: { GF_DATABASE_USER: fromSecret(database.secret.keys.username), GF_DATABASE_PASSWORD: fromSecret(database.secret.keys.password) },
  };
}

export function grafanaValues({ config, serviceAccountName, adminSecretName, externalPrometheusUrl, database }: GrafanaValuesInput): Record<string, unknown> {
  const grafana = config.services.grafana;
  const store = databaseSettings(database);
  return {
    enabled: true,
    fullnameOverride: GRAFANA_SERVICE,
    replicas: grafana.replicas,
    resources: grafana.resources,
    ...(grafana.replicas > 1 ? { podDisruptionBudget: { maxUnavailable: 1 } } : {}),
    admin: { existingSecret: adminSecretName, userKey: "username", passwordKey: "password" },
    "grafana.ini": { database: store.ini },
    envValueFrom: store.env,
    // The foundation's account mounts no token by default; Grafana's dashboards sidecar reads
    // ConfigMaps through the API, so the pod mounts it.
    serviceAccount: { create: false, name: serviceAccountName, autoMount: true },
    podLabels: chartServicePodLabels("grafana"),
    securityContext: { runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472, seccompProfile: { type: "RuntimeDefault" } },
    containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
    service: { port: GRAFANA_PORT },
    // Its ServiceMonitor needs our Prometheus' CRDs; an external Prometheus scrapes on its own terms.
    serviceMonitor: { enabled: externalPrometheusUrl === undefined },
    // The chart's test pod is a Helm hook, which chart v4 never runs.
    testFramework: { enabled: false },
    // Grafana runs beside our Prometheus (one release, one namespace): its Service name is enough.
    datasources: { "datasources.yaml": prometheusDatasource(externalPrometheusUrl ?? `http://${PROMETHEUS_SERVICE}:${PROMETHEUS_PORT}/`) },
    sidecar: {
      resources: grafana.sidecarResources,
      dashboards: { env: { HEALTH_PORT: String(DASHBOARDS_SIDECAR_HEALTH_PORT) } },
      datasources: { enabled: false },
      // Ready once the first sync of dashboards is done; alive while it still reaches the API.
      readinessProbe: { ...sidecarHealth, periodSeconds: 10 },
      livenessProbe: { ...sidecarHealth, initialDelaySeconds: 30, periodSeconds: 20, failureThreshold: 6 },
    },
  };
}

/** The Prometheus datasource kube-prometheus-stack would provision, as a file (uid "prometheus", as its dashboards expect). */
function prometheusDatasource(url: pulumi.Input<string>): Record<string, unknown> {
  return {
    apiVersion: 1,
    datasources: [{ name: "Prometheus", type: "prometheus", uid: "prometheus", url, access: "proxy", isDefault: true, jsonData: { httpMethod: "POST", timeInterval: "30s" } }],
  };
}
