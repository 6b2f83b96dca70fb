// Airflow 3 emits StatsD, not Prometheus: one prom/statsd-exporter per Airflow receives every
// component's metrics on UDP and serves them on /metrics for the observability layer to scrape.
import type { ServiceContainer } from "../kit/podSpec";
import { AIRFLOW_PORTS } from "./airflowConfig";

/** The image's user (nobody). */
export const STATSD_EXPORTER_UID = 65534;

export function statsdExporterContainer(image: string): ServiceContainer {
  return {
    name: "statsd-exporter",
    image,
    args: [`--statsd.listen-udp=:${AIRFLOW_PORTS.statsd}`, `--web.listen-address=:${AIRFLOW_PORTS.metrics}`],
    ports: [
      { name: "statsd", containerPort: AIRFLOW_PORTS.statsd, protocol: "UDP" },
      { name: "metrics", containerPort: AIRFLOW_PORTS.metrics },
    ],
    probes: {
      liveness: { httpGet: { path: "/-/healthy", port: "metrics" }, periodSeconds: 10 },
      readiness: { httpGet: { path: "/-/ready", port: "metrics" }, periodSeconds: 10 },
    },
    // A Go process aggregating a few hundred series: small and fixed, whatever Airflow's size.
    resources: { requests: { cpu: "25m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
  };
}
