import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { CERT_MANAGER_CHART, chartDirectoryProblems, chartSource, chartsInUse, KUBE_PROMETHEUS_STACK_CHART, parseStackConfig, TRAEFIK_CHART } from "./index";
import { rawLakehouseConfig } from "../test/stackFiles";

const configWith = (charts: Record<string, unknown>, edit: (raw: any) => void = () => undefined) => {
  const raw: any = structuredClone(rawLakehouseConfig("dev"));
  raw.charts = charts;
  edit(raw);
  return parseStackConfig(raw, "dev");
};

/** A directory laid out as scripts/toolchain/charts.sh does, with the given chart versions. */
function chartDirectory(versions: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lakehouse-charts-"));
  for (const [chart, version] of Object.entries(versions)) {
    mkdirSync(join(dir, chart));
    writeFileSync(join(dir, chart, "Chart.yaml"), `apiVersion: v2\nname: ${chart}\nversion: ${version}\n`);
  }
  return dir;
}

it("installs from the pinned repositories unless a directory is configured", () => {
  expect(chartSource(TRAEFIK_CHART, {})).toEqual(TRAEFIK_CHART);
  expect(chartSource(TRAEFIK_CHART, { directory: "/opt/charts" })).toEqual({ chart: "/opt/charts/traefik" });
  expect(chartSource(CERT_MANAGER_CHART, { directory: "~/.cache/charts" })).toEqual({ chart: join(homedir(), ".cache/charts/cert-manager") });
});

it("lists the charts a stack installs", () => {
  expect(chartsInUse(configWith({})).map((pin) => pin.chart)).toEqual(["traefik", "cert-manager", "kube-prometheus-stack"]);
  const noEdgeNoMonitoring = configWith({}, (raw) => {
    raw.edge = { enabled: false };
    raw.services = { ...raw.services, prometheus: { enabled: false }, grafana: { enabled: false } };
  });
  expect(chartsInUse(noEdgeNoMonitoring)).toEqual([]);
  expect(chartsInUse(configWith({}, (raw) => (raw.edge = { controller: "existing" }))).map((pin) => pin.chart)).toEqual(["cert-manager", "kube-prometheus-stack"]);
  const externalMonitoring = configWith({}, (raw) => {
    raw.services = {
      ...raw.services,
      prometheus: { enabled: true, mode: "external", external: { host: "prometheus.monitoring.example.com", port: 443, tls: true } },
      grafana: { enabled: false },
    };
  });
  expect(chartsInUse(externalMonitoring).map((pin) => pin.chart)).toEqual(["traefik", "cert-manager"]);
});

it("accepts a directory holding every chart in use at its pinned version", () => {
  const dir = chartDirectory({ traefik: TRAEFIK_CHART.version, "cert-manager": CERT_MANAGER_CHART.version, "kube-prometheus-stack": KUBE_PROMETHEUS_STACK_CHART.version });
  expect(chartDirectoryProblems(configWith({ directory: dir }))).toEqual([]);
});

it("names the key, the directory and the chart when one is missing or at another version", () => {
  const dir = chartDirectory({ traefik: "41.5.0", "kube-prometheus-stack": KUBE_PROMETHEUS_STACK_CHART.version });
  const problems = chartDirectoryProblems(configWith({ directory: dir }));
  expect(problems).toEqual([
    { key: "lakehouse:charts.directory", value: dir, accepted: expect.stringContaining("traefik at the pinned version 41.6.0 (its traefik/Chart.yaml says 41.5.0)") },
    { key: "lakehouse:charts.directory", value: dir, accepted: expect.stringContaining("it has no cert-manager/Chart.yaml") },
  ]);
});

it("refuses a relative directory, whose meaning would depend on where pulumi runs", () => {
  expect(() => configWith({ directory: "charts" })).toThrow(/lakehouse:charts\.directory: got string "charts"; accepted: an absolute path, or one starting with ~\//);
});
