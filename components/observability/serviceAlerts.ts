// What only a service's own metrics tell, per service: the alerts added to the four every service
// gets (alertRules.ts). The metric names are the exporters' and servers' own, as the platform
// scrapes them: postgres_exporter, redis_exporter, Garage's admin API, Trino's /metrics, Airflow's
// StatsD through statsd_exporter, the Dagster sidecar (dagsterExporter.ts).
import type { ServiceName, StackConfig } from "../../stacks";

/** What the rules read of the stack config. */
export type AlertRulesConfig = Pick<StackConfig, "services" | "namespaces" | "edge">;

export interface AlertContext {
  service: ServiceName;
  namespace: string;
  config: AlertRulesConfig;
}

export interface AlertSpec {
  alert: string;
  expr: string;
  for: string;
  severity: "warning" | "critical";
  summary: string;
  description: string;
}

export const SERVICE_ALERTS: Partial<Record<ServiceName, (context: AlertContext) => AlertSpec[]>> = {
  postgres: ({ namespace: ns }) => [
    {
      alert: "LakehousePostgresDown",
      expr: `pg_up{namespace="${ns}"} == 0`,
      for: "2m",
      severity: "critical",
      summary: "PostgreSQL does not answer its exporter",
      description: `postgres_exporter in ${ns} cannot reach PostgreSQL: the catalog, Airflow and Dagster stop.`,
    },
    {
      alert: "LakehousePostgresReplicationLag",
      expr: `pg_replication_lag_seconds{namespace="${ns}"} > 300`,
      for: "10m",
      severity: "warning",
      summary: "a PostgreSQL standby lags",
      description: `{{ $labels.pod }} in ${ns} is {{ $value | humanizeDuration }} behind its primary.`,
    },
  ],
  valkey: ({ namespace: ns }) => [
    {
      alert: "LakehouseValkeyDown",
      expr: `redis_up{namespace="${ns}"} == 0`,
      for: "2m",
      severity: "critical",
      summary: "Valkey does not answer its exporter",
      description: `redis_exporter in ${ns} cannot reach Valkey: Airflow's Celery broker is gone.`,
    },
  ],
  objectStore: ({ namespace: ns, config }) =>
    config.services.objectStore.engine !== "garage"
      ? []
      : [
          {
            alert: "LakehouseGarageUnavailable",
            expr: `min(cluster_available{namespace="${ns}"}) == 0`,
            for: "2m",
            severity: "critical",
            summary: "Garage cannot serve every request",
            description: `Some partitions of Garage in ${ns} have no quorum: reads and writes of their objects fail.`,
          },
          {
            alert: "LakehouseGarageUnhealthy",
            expr: `min(cluster_healthy{namespace="${ns}"}) == 0`,
            for: "5m",
            severity: "warning",
            summary: "a Garage storage node is disconnected",
            description: `Garage in ${ns} serves every request but not with all its storage nodes: another loss may make objects unavailable.`,
          },
        ],
  trino: ({ namespace: ns, config }) => [
    {
      alert: "LakehouseTrinoQueriesFailing",
      // Internal and external failures are the platform's (a node, a catalog, the store), not a user's SQL.
      expr: `sum(increase({__name__=~"trino_execution_name_QueryManager_(Internal|External)Failures", namespace="${ns}"}[15m])) > 3`,
      for: "0m",
      severity: "warning",
      summary: "Trino queries fail for reasons other than their SQL",
      description: `{{ $value | humanize }} queries failed in 15 minutes with internal or external errors (${ns}).`,
    },
    {
      alert: "LakehouseTrinoWorkersMissing",
      expr: `max(trino_metadata_name_DiscoveryNodeManager_ActiveNodeCount{namespace="${ns}"}) < ${config.services.trino.workers.replicas + 1}`,
      for: "10m",
      severity: "warning",
      summary: "Trino has fewer active nodes than it should",
      description: `The coordinator sees {{ $value }} active nodes of ${config.services.trino.workers.replicas + 1} (coordinator and workers) in ${ns}: queries run slower or queue.`,
    },
  ],
  airflow: ({ namespace: ns }) => [
    {
      alert: "LakehouseAirflowSchedulerHeartbeatMissing",
      expr: `sum(rate(airflow_scheduler_heartbeat{namespace="${ns}"}[5m])) == 0 or absent(airflow_scheduler_heartbeat{namespace="${ns}"})`,
      for: "5m",
      severity: "critical",
      summary: "Airflow's scheduler sends no heartbeat",
      description: `No scheduler heartbeat in ${ns} for 5 minutes: no task is scheduled.`,
    },
  ],
  dagster: ({ namespace: ns }) => [
    {
      alert: "LakehouseDagsterDaemonUnhealthy",
      expr: `dagster_daemon_healthy{namespace="${ns}"} == 0`,
      for: "5m",
      severity: "warning",
      summary: "a Dagster daemon misses its heartbeat",
      description: `Dagster's {{ $labels.daemon_type }} daemon in ${ns} is unhealthy: schedules, sensors or the run queue stall.`,
    },
  ],
};
