// Alertmanager's configuration from lakehouse:services.prometheus.alerting. It holds no secret:
// each receiver's URL or password that is one is read from a file of the receivers' Secret
// (alertReceiverSecret.ts), which the chart mounts at /etc/alertmanager/secrets/<Secret>/.
import type { AlertingConfig, AlertReceiver } from "../../stacks";

/** The Secret with the receivers' secrets, one key per <receiver>.<field>; mounted by Alertmanager. */
export const RECEIVER_SECRET = "alertmanager-receivers";
const SECRET_DIR = `/etc/alertmanager/secrets/${RECEIVER_SECRET}`;

/** The key of a receiver's secret field in RECEIVER_SECRET (a file name there). */
export const receiverSecretKey = (receiver: string, field: "url" | "password"): string => `${receiver}.${field}`;
const secretFile = (receiver: string, field: "url" | "password") => `${SECRET_DIR}/${receiverSecretKey(receiver, field)}`;

/** Where alerts nobody should get go: the always-firing Watchdog, the chart's InfoInhibitor. */
const NULL_RECEIVER = "null";

// One notification says what fired, where, and where its runbook is.
const TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.namespace }})';
const TEXT = "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n\n{{ end }}";

function receiverConfig(receiver: AlertReceiver): Record<string, unknown> {
  const { name } = receiver;
  if (receiver.webhook) {
    const { url, sendResolved } = receiver.webhook;
    return { name, webhook_configs: [{ send_resolved: sendResolved, ...(url ? { url } : { url_file: secretFile(name, "url") }) }] };
  }
  if (receiver.slack) {
    const { channel, sendResolved } = receiver.slack;
    return { name, slack_configs: [{ send_resolved: sendResolved, api_url_file: secretFile(name, "url"), channel, title: TITLE, text: TEXT }] };
  }
  if (receiver.email) {
    const { to, from, smarthost, username, requireTls, sendResolved } = receiver.email;
    return {
      name,
      email_configs: [
        {
          send_resolved: sendResolved,
          to,
          from,
          smarthost,
          require_tls: requireTls,
          headers: { Subject: TITLE },
          ...(username ? { auth_username: username, auth_password_file: secretFile(name, "password") } : {}),
        },
      ],
    };
  }
  throw new Error(`alert receiver ${name}: none of webhook, slack or email (the config checks should have refused it)`);
}

/** alertmanager.yaml as kube-prometheus-stack's alertmanager.config takes it. */
export function alertmanagerConfig(alerting: AlertingConfig): Record<string, unknown> {
  const { route } = alerting;
  const receiver = route.receiver ?? alerting.receivers[0]?.name ?? NULL_RECEIVER;
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver,
      group_by: route.groupBy,
      group_wait: route.groupWait,
      group_interval: route.groupInterval,
      repeat_interval: route.repeatInterval,
      routes: [
        { matchers: ['alertname = "Watchdog"'], receiver: NULL_RECEIVER },
        { matchers: ['alertname = "InfoInhibitor"'], receiver: NULL_RECEIVER },
        // Critical alerts also page, then go on to the default receiver.
        // (A child route that matched keeps the alert from the parent's receiver: hence the catch-all.)
        ...(route.criticalReceiver && route.criticalReceiver !== receiver ? [{ matchers: ['severity = "critical"'], receiver: route.criticalReceiver, continue: true }, { receiver }] : []),
      ],
    },
    // A critical alert silences the warning of the same alert on the same object.
    inhibit_rules: [{ source_matchers: ['severity = "critical"'], target_matchers: ['severity = "warning"'], equal: ["alertname", "namespace", "service"] }],
    receivers: [{ name: NULL_RECEIVER }, ...alerting.receivers.map(receiverConfig)],
  };
}
