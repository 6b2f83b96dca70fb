// Rules of lakehouse:services.prometheus.alerting that span keys: each receiver is one kind, the
// route names receivers that exist, Alertmanager runs only beside an in-cluster Prometheus, and a
// secret is never written in clear: a URL that carries a token, a Slack webhook, an SMTP password
// all come from lakehouse:externalCredentials.alertReceivers, encrypted in the stack file.
import { configKey, type ConfigProblem, isObject, missing, problem, valueAt } from "./errors";

const RECEIVER_KINDS = ["webhook", "slack", "email"] as const;
const ALERTING = ["services", "prometheus", "alerting"];

/** A receiver's secret field that lakehouse:externalCredentials.alertReceivers must hold. */
export interface ReceiverSecret {
  receiver: string;
  field: "url" | "password";
  why: string;
}

/** The secrets the configured receivers need: a webhook without an inline URL, Slack, e-mail with a login. */
export function receiverSecretsNeeded(receivers: unknown): ReceiverSecret[] {
  if (!Array.isArray(receivers)) return [];
  return receivers.filter(isObject).flatMap((receiver): ReceiverSecret[] => {
    const name = String(receiver.name);
    if (isObject(receiver.webhook) && receiver.webhook.url === undefined) return [{ receiver: name, field: "url", why: "the webhook's URL (it carries a token, so it is a secret)" }];
    if (isObject(receiver.slack)) return [{ receiver: name, field: "url", why: "the Slack incoming webhook's URL" }];
    if (isObject(receiver.email) && receiver.email.username !== undefined) return [{ receiver: name, field: "password", why: "the SMTP password of its username" }];
    return [];
  });
}

/**
 * Whether an inline URL carries a credential: a user or password, a query string or fragment
 * (?token=, ?key=, signed URLs), or a path segment shaped like a token (a long run of letters,
 * digits, '-' and '_' with both letters and digits, as Slack, Teams and Discord hooks have).
 */
export function urlCarriesToken(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return true;
  return url.pathname.split("/").some((segment) => segment.length >= 20 && /^[A-Za-z0-9_-]+$/.test(segment) && /[0-9]/.test(segment) && /[A-Za-z]/.test(segment));
}

export function alertingChecks(config: Record<string, unknown>): ConfigProblem[] {
  const alerting = valueAt(config, ALERTING);
  if (!isObject(alerting)) return [];
  const at = (...path: Array<string | number>) => configKey([...ALERTING, ...path]);
  const problems: ConfigProblem[] = [];
  const receivers = Array.isArray(alerting.receivers) ? alerting.receivers.filter(isObject) : [];
  const names = receivers.map((receiver) => receiver.name).filter((name): name is string => typeof name === "string");

  receivers.forEach((receiver, index) => {
    const kinds = RECEIVER_KINDS.filter((kind) => receiver[kind] !== undefined);
    if (kinds.length !== 1) problems.push(problem(at("receivers", index), kinds.length ? kinds.join(" and ") : "none", "exactly one of webhook, slack or email per receiver"));
    if (names.indexOf(receiver.name as string) !== index && typeof receiver.name === "string") problems.push(problem(at("receivers", index, "name"), receiver.name, "a name no other receiver has"));
    const url = isObject(receiver.webhook) ? receiver.webhook.url : undefined;
    if (typeof url === "string" && urlCarriesToken(url))
      problems.push(
        problem(
          at("receivers", index, "webhook", "url"),
          "(a URL with a token, not repeated here)",
          `no credential in clear: leave the URL out here and set it with pulumi config set --secret --path 'lakehouse:externalCredentials.alertReceivers.${String(receiver.name)}.url' <url>`,
        ),
      );
  });

  const route = isObject(alerting.route) ? alerting.route : {};
  for (const key of ["receiver", "criticalReceiver"] as const) {
    if (typeof route[key] === "string" && !names.includes(route[key] as string))
      problems.push(
        problem(at("route", key), route[key], names.length ? `one of the receivers: ${names.join(", ")}` : "a receiver declared in lakehouse:services.prometheus.alerting.receivers (there are none)"),
      );
  }

  const alertmanager = isObject(alerting.alertmanager) ? alerting.alertmanager : {};
  const prometheus = valueAt(config, ["services", "prometheus"]);
  const prometheusHere = isObject(prometheus) && prometheus.enabled === true && prometheus.mode !== "external";
  // Receivers nothing would send to are a mistake, not a preference.
  if (receivers.length && (alertmanager.enabled !== true || !prometheusHere))
    problems.push(
      problem(
        at("receivers"),
        `${receivers.length} receiver(s)`,
        "none unless Alertmanager runs: lakehouse:services.prometheus enabled in-cluster and lakehouse:services.prometheus.alerting.alertmanager.enabled true",
      ),
    );

  const given = valueAt(config, ["externalCredentials", "alertReceivers"]);
  const credentials = isObject(given) ? given : {};
  for (const need of receiverSecretsNeeded(receivers)) {
    const entry = credentials[need.receiver];
    if (!isObject(entry) || entry[need.field] === undefined)
      problems.push(
        missing(
          configKey(["externalCredentials", "alertReceivers", need.receiver, need.field]),
          `${need.why}, set with: pulumi config set --secret --path 'lakehouse:externalCredentials.alertReceivers.${need.receiver}.${need.field}' <value>`,
        ),
      );
  }
  for (const name of Object.keys(credentials)) {
    if (!names.includes(name))
      problems.push(problem(configKey(["externalCredentials", "alertReceivers", name]), "(credentials)", `a receiver of that name in lakehouse:services.prometheus.alerting.receivers`));
  }
  return problems;
}
