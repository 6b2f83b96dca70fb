// Airflow 3 emits StatsD, not Prometheus: one prom/statsd-exporter per Airflow receives every
// component's metrics on UDP and serves them on /metrics for the observability layer to scrape.
import type { Resources } from "../../stacks";
import type { ServiceContainer } from "../kit/podSpec";
import { AIRFLOW_PORTS } from "./airflowConfig";

/** The image's user (nobody). */
export const STATSD_EXPORTER_UID = 65534;

/** `resources`: lakehouse:services.airflow.metricsResources. */
export function statsdExporterContainer(image: string, resources: Resources): ServiceContainer {
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
    resources,
  };
}
