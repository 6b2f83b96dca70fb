// kube-prometheus-stack values for Alertmanager (lakehouse:services.prometheus.alerting): the
// operator's Alertmanager on the platform's storage class, with our alertmanager.yaml (no secret
// in it) and the receivers' Secret mounted for the *_file fields that name it.
import type * as pulumi from "@pulumi/pulumi";
import type { AlertingConfig } from "../../stacks";
import { chartServicePodLabels } from "../kit/labels";
import { alertmanagerConfig, RECEIVER_SECRET } from "./alertmanagerConfig";

/** Silences and the notification log: kept five days (Alertmanager's default). */
const RETENTION = "120h";

export function alertmanagerValues(alerting: AlertingConfig, storageClassName: pulumi.Input<string>): Record<string, unknown> {
  const { alertmanager } = alerting;
  if (!alertmanager.enabled) return { enabled: false };
  return {
    enabled: true,
    config: alertmanagerConfig(alerting),
    podDisruptionBudget: { enabled: alertmanager.replicas > 1, minAvailable: 1 },
    alertmanagerSpec: {
      replicas: alertmanager.replicas,
      resources: alertmanager.resources,
      retention: RETENTION,
      storage: { volumeClaimTemplate: { spec: { storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: alertmanager.storageSize } } } } },
      // Mounted at /etc/alertmanager/secrets/<name>/, where the receivers' *_file fields point.
      secrets: [RECEIVER_SECRET],
      // Alertmanager is part of the prometheus service to network policies: Prometheus reaches it.
      podMetadata: { labels: chartServicePodLabels("prometheus") },
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } },
    },
  };
}
