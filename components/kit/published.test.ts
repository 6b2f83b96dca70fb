// The descriptor names what a service publishes; a layer that publishes otherwise stops the program.
import * as pulumi from "@pulumi/pulumi";
import type { ServiceName } from "../../stacks";
import { collectPublished, type Published } from "./published";

const none = { objectStore: undefined, postgres: undefined, valkey: undefined, nessie: undefined, trino: undefined, airflow: undefined, dagster: undefined, prometheus: undefined, grafana: undefined };
const layers = (given: Partial<Record<ServiceName, Published>>) => ({ ...none, ...given });
const url = (text: string) => pulumi.output(text);
const ui = { name: "trino", namespace: url("lakehouse-platform"), serviceName: url("trino"), port: 8080 };
const target = { name: "trino", namespace: url("lakehouse-platform"), selector: { "app.kubernetes.io/name": "trino" }, portName: "http", path: "/metrics" };
const trino: Published = { endpoints: { trino: url("http://trino:8080"), trinoJdbc: url("jdbc:trino://trino:8080/iceberg") }, webUis: [ui], scrapeTargets: [target] };

it("merges what the layers publish, in the registry's order", () => {
  const postgres: Published = { endpoints: { postgres: url("postgres:5432") }, webUis: [], scrapeTargets: [] };
  const merged = collectPublished(layers({ trino, postgres }));
  expect(Object.keys(merged.endpoints)).toEqual(["postgres", "trino", "trinoJdbc"]);
  expect(merged.webUis).toEqual([ui]);
  expect(merged.scrapeTargets).toEqual([target]);
});

it("refuses an endpoint the descriptor does not name, and a named one left out", () => {
  expect(() => collectPublished(layers({ trino: { ...trino, endpoints: { trino: url("x"), trinoHttps: url("y") } } }))).toThrow(
    /trino publishes endpoints its descriptor does not name: trinoHttps[\s\S]*trino's descriptor names endpoints its layer does not publish: trinoJdbc/,
  );
});

it("refuses a UI or scrape targets the descriptor does not declare: its network policy would keep the edge or Prometheus out", () => {
  expect(() => collectPublished(layers({ postgres: { endpoints: { postgres: url("p") }, webUis: [ui], scrapeTargets: [] } }))).toThrow(/postgres publishes a UI, but its descriptor has no ui/);
  expect(() => collectPublished(layers({ prometheus: { endpoints: { prometheus: url("p") }, webUis: [], scrapeTargets: [target] } }))).toThrow(
    /prometheus has scrape targets, but its descriptor has no metrics/,
  );
});
