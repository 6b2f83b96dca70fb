// lakehouse:services.prometheus.alerting: Alertmanager, where alerts go, and where their runbooks
// are. Receivers' secrets (a Slack webhook URL, a webhook URL with a token, an SMTP password) are
// never here: they are lakehouse:externalCredentials.alertReceivers.<name>, encrypted in the stack
// file, and reach Alertmanager as files (stacks/alertingChecks.ts says which are required).
import { z } from "zod";
import { dnsName, endpointUrl, positiveInt, resources, storageSize } from "./primitives";

/** A receiver's name: it names a key of the receivers' Secret and a route. */
export const receiverName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/, { error: "a lower-case name of letters, digits and '-', at most 40 characters, such as ops-slack" })
  .meta({ accepts: "a lower-case name, at most 40 characters" });

/** A Prometheus duration: 30s, 5m, 4h, 1h30m. */
export const promDuration = z
  .string()
  .regex(/^([0-9]+(ms|s|m|h|d|w|y))+$/, { error: "a Prometheus duration such as 30s, 5m or 4h" })
  .meta({ accepts: "a duration such as 30s, 5m or 4h" });

const email = z.email({ error: "an e-mail address such as ops@example.com" });
/** host:port of an SMTP server, by DNS name. */
const smarthost = z
  .string()
  .meta({ accepts: "host:port, the host a DNS name" })
  .refine(
    (text) => {
      const match = /^(.+):([0-9]{1,5})$/.exec(text);
      return match !== null && dnsName.safeParse(match[1]).success && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
    },
    { error: "host:port with a DNS name, such as smtp.example.com:587 (IP addresses are refused)" },
  );

const sendResolved = z.boolean().default(true).describe("also notify when the alert resolves");

export const alertReceiver = z.strictObject({
  name: receiverName.describe("the receiver's name, used by lakehouse:services.prometheus.alerting.route"),
  webhook: z
    .strictObject({
      url: endpointUrl
        .optional()
        .describe("where to POST (Alertmanager's webhook format), when it carries no token; otherwise leave it out and set lakehouse:externalCredentials.alertReceivers.<name>.url"),
      sendResolved,
    })
    .optional()
    .describe("an HTTP endpoint: an incident tool, a chat bridge"),
  slack: z
    .strictObject({ channel: z.string().min(1).describe("the channel, such as #lakehouse-alerts"), sendResolved })
    .optional()
    .describe("a Slack incoming webhook; its URL (a token) is lakehouse:externalCredentials.alertReceivers.<name>.url"),
  email: z
    .strictObject({
      to: email.describe("who gets the mail"),
      from: email.describe("the sender"),
      smarthost: smarthost.describe("the SMTP server, host:port"),
      username: z.string().min(1).optional().describe("the SMTP login; its password is lakehouse:externalCredentials.alertReceivers.<name>.password"),
      requireTls: z.boolean().default(true).describe("refuse to send without STARTTLS"),
      sendResolved,
    })
    .optional()
    .describe("e-mail through an SMTP server"),
});
export type AlertReceiver = z.infer<typeof alertReceiver>;

export const alerting = z.strictObject({
  alertmanager: z.strictObject({
    enabled: z.boolean().describe("run Alertmanager beside Prometheus when Prometheus runs in the cluster (kube-prometheus-stack); off, alerts show in Prometheus only"),
    replicas: positiveInt.describe("Alertmanager pods (they gossip, so each alert is sent once)"),
    resources: resources.describe("each Alertmanager pod"),
    storageSize: storageSize.describe("each pod's volume: silences and the notification log"),
  }),
  receivers: z.array(alertReceiver).describe("where alerts go; each is exactly one of webhook, slack or email"),
  route: z
    .strictObject({
      receiver: receiverName.optional().describe("the receiver of every alert (default: the first receiver)"),
      criticalReceiver: receiverName.optional().describe("also send alerts of severity critical here (a pager, say)"),
      groupBy: z.array(z.string().min(1)).describe("labels that make one notification out of several alerts"),
      groupWait: promDuration.describe("how long to wait for more alerts of a new group"),
      groupInterval: promDuration.describe("how long to wait before telling of new alerts in a group"),
      repeatInterval: promDuration.describe("how often to repeat a notification still firing"),
    })
    .describe("how alerts are grouped and sent"),
  runbookBaseUrl: z
    .string()
    .min(1)
    .describe(
      "where docs/operations/alerts.md is read (each rule's runbook_url is this, #, the alert's name in lower case): your repository's browsable copy, such as https://git.example.com/platform/lakehouse/blob/main/docs/operations/alerts.md",
    ),
});
export type AlertingConfig = z.infer<typeof alerting>;

/** lakehouse:externalCredentials.alertReceivers: per receiver, the parts that are secrets. */
export const alertReceiverCredentials = z.record(
  receiverName,
  z.strictObject({
    url: endpointUrl.optional().describe("a Slack webhook's URL, or a webhook URL that carries a token"),
    password: z.string().min(1).optional().describe("the SMTP password of an e-mail receiver"),
  }),
);
