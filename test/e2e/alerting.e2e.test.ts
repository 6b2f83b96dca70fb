// The alerting rules and Alertmanager's configuration, checked by Prometheus' and Alertmanager's own
// tools (built from the Go module proxy by scripts/toolchain/go-tool.sh, at the versions the chart
// runs): every stack's rules load, each rule's expression finds exactly the trouble it is for in
// synthetic series (promtool test rules), and the rendered alertmanager.yaml is valid.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { alertmanagerConfig } from "../../components/observability/alertmanagerConfig";
import { type AlertRule, platformAlertRules, prometheusRuleSpec } from "../../components/observability/alertRules";
import { stackConfig } from "../support/components";
import { REPO, scratch } from "./engine";

jest.setTimeout(20 * 60_000);

const tool = (name: string) => execFileSync("bash", [join(REPO, "scripts/toolchain/go-tool.sh"), name], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const work = scratch();
afterAll(() => work.cleanup());

let promtool: string;
let amtool: string;
beforeAll(() => {
  promtool = tool("promtool");
  amtool = tool("amtool");
});

const run = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

/** Every stack's PrometheusRules as one rule file, as the operator hands them to Prometheus. */
function rulesFile(stack: "dev" | "staging" | "prod"): string {
  const file = join(work.dir, `rules-${stack}.yaml`);
  writeFileSync(file, stringify({ groups: platformAlertRules(stackConfig(stack)).flatMap((group) => (prometheusRuleSpec(group) as { groups: unknown[] }).groups) }));
  return file;
}

it.each(["dev", "staging", "prod"] as const)("promtool loads %s's rules: valid PromQL, templates and durations", (stack) => {
  const result = run(promtool, ["check", "rules", rulesFile(stack)]);
  expect({ status: result.status, output: result.status === 0 ? "" : result.output }).toEqual({ status: 0, output: "" });
  expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
});

describe("each rule's expression, against synthetic series (promtool test rules, dev's rules)", () => {
  const config = stackConfig("dev");
  const groups = platformAlertRules(config);
  const expr = (service: string, alert: string): string => {
    const rule: AlertRule | undefined = groups.find((g) => g.service === service)?.rules.find((r) => r.alert === alert);
    if (!rule) throw new Error(`no ${alert} for ${service}`);
    return rule.expr;
  };
  const platform = config.namespaces.platform.name;
  const workflows = config.namespaces.workflows.name;
  const pod = (ns: string, name: string, service: string) => `kube_pod_labels{namespace="${ns}", pod="${name}", label_lakehouse_dev_service="${service}"}`;

  // Each case: series (Prometheus' expanding notation, one sample a minute), the expression, when
  // to evaluate it, and what it must return, grouped by the labels that say what is in trouble.
  type Case = { title: string; series: Array<[string, string]>; expr: string; by: string; at: string; expect: Array<Record<string, string>> };
  const cases: Case[] = [
    {
      title: "a service with no ready pod is down",
      series: [
        [pod(platform, "trino-a", "trino"), "1x20"],
        [`kube_pod_status_ready{namespace="${platform}", pod="trino-a", condition="true"}`, "0x20"],
      ],
      expr: expr("trino", "LakehouseServiceDown"),
      by: "",
      at: "10m",
      expect: [{}],
    },
    {
      title: "a service with a ready pod is up",
      series: [
        [pod(platform, "nessie-a", "nessie"), "1x20"],
        [`kube_pod_status_ready{namespace="${platform}", pod="nessie-a", condition="true"}`, "1x20"],
      ],
      expr: expr("nessie", "LakehouseServiceDown"),
      by: "",
      at: "10m",
      expect: [],
    },
    {
      title: "a service with no pod at all is down",
      series: [[pod(platform, "trino-a", "trino"), "1x20"]],
      expr: expr("valkey", "LakehouseServiceDown"),
      by: "",
      at: "10m",
      expect: [{}],
    },
    {
      title: "a running unready pod is not ready; a completed Task pod is not",
      series: [
        [pod(platform, "trino-a", "trino"), "1x20"],
        [`kube_pod_status_ready{namespace="${platform}", pod="trino-a", condition="false"}`, "1x20"],
        [`kube_pod_status_phase{namespace="${platform}", pod="trino-a", phase="Running"}`, "1x20"],
        [pod(platform, "trino-job", "trino"), "1x20"],
        [`kube_pod_status_ready{namespace="${platform}", pod="trino-job", condition="false"}`, "1x20"],
        [`kube_pod_status_phase{namespace="${platform}", pod="trino-job", phase="Succeeded"}`, "1x20"],
        [`kube_pod_status_phase{namespace="${platform}", pod="trino-job", phase="Running"}`, "0x20"],
      ],
      expr: expr("trino", "LakehousePodNotReady"),
      by: "pod",
      at: "10m",
      expect: [{ pod: "trino-a" }],
    },
    {
      title: "a container that keeps restarting; one that restarted once does not",
      series: [
        [pod(platform, "garage-0", "objectStore"), "1x40"],
        [`kube_pod_container_status_restarts_total{namespace="${platform}", pod="garage-0", container="garage"}`, "0+1x40"],
        [pod(platform, "postgres-0", "postgres"), "1x40"],
        [`kube_pod_container_status_restarts_total{namespace="${platform}", pod="postgres-0", container="postgres"}`, "0x20 1x20"],
      ],
      expr: `${expr("objectStore", "LakehousePodRestarting")} or ${expr("postgres", "LakehousePodRestarting")}`,
      by: "pod",
      at: "30m",
      expect: [{ pod: "garage-0" }],
    },
    {
      title: "a claim with 10% free is filling but not full, and belongs to the service whose pod mounts it",
      series: [
        [pod(platform, "postgres-0", "postgres"), "1x20"],
        [`kube_pod_spec_volumes_persistentvolumeclaims_info{namespace="${platform}", pod="postgres-0", volume="data", persistentvolumeclaim="data-postgres-0"}`, "1x20"],
        [`kubelet_volume_stats_available_bytes{namespace="${platform}", persistentvolumeclaim="data-postgres-0"}`, "10x20"],
        [`kubelet_volume_stats_capacity_bytes{namespace="${platform}", persistentvolumeclaim="data-postgres-0"}`, "100x20"],
      ],
      expr: `${expr("postgres", "LakehouseVolumeFilling")} or ${expr("postgres", "LakehouseVolumeFull")} * 1000 or ${expr("valkey", "LakehouseVolumeFilling")} * 1000`,
      by: "persistentvolumeclaim",
      at: "10m",
      expect: [{ persistentvolumeclaim: "data-postgres-0" }],
    },
    {
      title: "Trino queries failing for the platform's reasons, not users' SQL",
      series: [
        [`trino_execution_name_QueryManager_InternalFailures{namespace="${platform}", pod="trino-a"}`, "0+1x20"],
        [`trino_execution_name_QueryManager_UserErrorFailures{namespace="${platform}", pod="trino-b"}`, "0+100x20"],
      ],
      expr: expr("trino", "LakehouseTrinoQueriesFailing"),
      by: "",
      at: "20m",
      expect: [{}],
    },
    {
      title: "Trino with fewer active nodes than coordinator and workers",
      series: [[`trino_metadata_name_DiscoveryNodeManager_ActiveNodeCount{namespace="${platform}", pod="trino-a"}`, "1x20"]],
      expr: expr("trino", "LakehouseTrinoWorkersMissing"),
      by: "",
      at: "10m",
      expect: [{}],
    },
    {
      title: "Airflow's scheduler sends no heartbeat",
      series: [[`airflow_scheduler_heartbeat{namespace="${workflows}", pod="airflow-statsd-a"}`, "5x20"]],
      expr: expr("airflow", "LakehouseAirflowSchedulerHeartbeatMissing"),
      by: "",
      at: "15m",
      expect: [{}],
    },
    {
      title: "Airflow's scheduler beating is fine",
      series: [[`airflow_scheduler_heartbeat{namespace="${workflows}", pod="airflow-statsd-a"}`, "0+5x20"]],
      expr: expr("airflow", "LakehouseAirflowSchedulerHeartbeatMissing"),
      by: "",
      at: "15m",
      expect: [],
    },
    {
      title: "PostgreSQL, Valkey and Garage report themselves down",
      series: [
        [`pg_up{namespace="${platform}", pod="postgres-0"}`, "0x20"],
        [`redis_up{namespace="${platform}", pod="valkey-0"}`, "0x20"],
        [`cluster_healthy{namespace="${platform}", pod="garage-0"}`, "0x20"],
        [`cluster_available{namespace="${platform}", pod="garage-0"}`, "0x20"],
      ],
      expr: `${expr("postgres", "LakehousePostgresDown")} or ${expr("valkey", "LakehouseValkeyDown")} or label_replace(${expr("objectStore", "LakehouseGarageUnhealthy")}, "pod", "garage", "", "") or label_replace(${expr("objectStore", "LakehouseGarageUnavailable")}, "pod", "garage-quorum", "", "")`,
      by: "pod",
      at: "10m",
      expect: [{ pod: "postgres-0" }, { pod: "valkey-0" }, { pod: "garage" }, { pod: "garage-quorum" }],
    },
    {
      title: "a certificate 5 days from expiry, not one 60 days away",
      series: [
        [`certmanager_certificate_expiration_timestamp_seconds{namespace="lakehouse-edge", name="trino-tls"}`, `${5 * 86400}x20`],
        [`certmanager_certificate_expiration_timestamp_seconds{namespace="lakehouse-edge", name="airflow-tls"}`, `${60 * 86400}x20`],
      ],
      expr: expr("certificates", "LakehouseCertificateExpiring"),
      by: "name",
      at: "10m",
      expect: [{ name: "trino-tls" }],
    },
  ];

  it.each(cases.map((c) => [c.title, c] as const))("%s", (_title, c) => {
    const rules = rulesFile("dev");
    const counted = c.by ? `count by (${c.by}) (${c.expr})` : `count(${c.expr})`;
    const test = {
      rule_files: [rules],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: c.series.map(([series, values]) => ({ series, values })),
          promql_expr_test: [
            {
              expr: counted,
              eval_time: c.at,
              exp_samples: c.expect.map((labels) => ({
                labels: `{${Object.entries(labels)
                  .map(([k, v]) => `${k}="${v}"`)
                  .join(", ")}}`,
                value: 1,
              })),
            },
          ],
        },
      ],
    };
    const file = join(work.dir, `test-${cases.indexOf(c)}.yaml`);
    writeFileSync(file, stringify(test));
    const result = run(promtool, ["test", "rules", file]);
    expect({ status: result.status, output: result.status === 0 ? "" : result.output }).toEqual({ status: 0, output: "" });
  });
});

it("amtool accepts the rendered alertmanager.yaml, each kind of receiver included", () => {
  const config = stackConfig("staging", (raw) => {
    raw.services.prometheus = {
      ...raw.services.prometheus,
      alerting: {
        receivers: [
          { name: "ops-hook", webhook: { url: "https://alerts.acme.example/lakehouse" } },
          { name: "pager", webhook: {} },
          { name: "ops-slack", slack: { channel: "#lakehouse" } },
          { name: "ops-mail", email: { to: "ops@acme.example", from: "lakehouse@acme.example", smarthost: "smtp.acme.example:587", username: "lakehouse" } },
        ],
        route: { receiver: "ops-slack", criticalReceiver: "pager" },
      },
    };
    raw.externalCredentials = {
      ...raw.externalCredentials,
      alertReceivers: { pager: { url: "https://events.acme.example/x" }, "ops-slack": { url: "https://hooks.acme.example/y" }, "ops-mail": { password: "p" } },
    };
  });
  const file = join(work.dir, "alertmanager.yaml");
  writeFileSync(file, stringify(alertmanagerConfig(config.services.prometheus.alerting)));
  const result = run(amtool, ["check-config", file]);
  expect({ status: result.status, output: result.status === 0 ? "" : result.output }).toEqual({ status: 0, output: "" });
  expect(result.output).toMatch(/Found:[\s\S]*- 5 receivers/);
});
