// Rules across an app's keys and across apps (lakehouse:apps, after lakehouse:appOverrides): names
// and hosts unique, ports referred to by name declared, autoscaling bounds in order, an Ingress
// only with the edge. Like the other cross checks, they look only at values of the right type.
import { configKey, type ConfigProblem, isObject, missing, problem, valueAt } from "./errors";
import { BINDING_ENV, BINDING_SERVICES } from "./appBindings";
import { SERVICE_NAMES } from "./services";

type Json = Record<string, unknown>;

/** The host labels the platform's own UIs take (their components' names): an app can't take one. */
export const PLATFORM_UI_HOSTS = ["object-store", "nessie", "trino", "airflow", "dagster", "grafana", "prometheus"] as const;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** Consumers are named after themselves in PostgreSQL and the object store: an app can't take a service's name. */
const RESERVED_APP_NAMES = SERVICE_NAMES.map(kebab);

export function appChecks(config: Json): ConfigProblem[] {
  const apps = Array.isArray(config.apps) ? config.apps : [];
  const problems: ConfigProblem[] = [];
  const names = new Set<unknown>();
  const hosts = new Map<unknown, string>();
  const cacheDatabases = new Map<number, string>();
  apps.forEach((app, index) => {
    if (!isObject(app) || app.enabled === false) return;
    const at = (...path: Array<string | number>) => configKey(["apps", index, ...path]);
    if (names.has(app.name)) problems.push(problem(at("name"), app.name, "a name no other app of the stack has"));
    names.add(app.name);

    const ports = Array.isArray(app.ports) ? app.ports.map((p) => (isObject(p) ? p.name : undefined)) : [];
    const declared = `one of its ports (${ports.filter((p) => typeof p === "string").join(", ")})`;
    const portRef = (value: unknown, ...path: Array<string | number>) => typeof value === "string" && !ports.includes(value) && problems.push(problem(at(...path), value, declared));
    if (isObject(app.probes)) {
      for (const [kind, probe] of Object.entries(app.probes)) {
        if (!isObject(probe)) continue;
        if (isObject(probe.http)) portRef(probe.http.port, "probes", kind, "http", "port");
        if (isObject(probe.tcp)) portRef(probe.tcp.port, "probes", kind, "tcp", "port");
      }
    }

    if (isObject(app.ingress)) {
      portRef(app.ingress.port, "ingress", "port");
      const host = app.ingress.host;
      if (isObject(config.edge) && config.edge.enabled === false) problems.push(problem(at("ingress"), app.ingress, "no ingress while lakehouse:edge.enabled is false: the edge publishes it"));
      else if ((PLATFORM_UI_HOSTS as readonly unknown[]).includes(host))
        problems.push(problem(at("ingress", "host"), host, `a host other than the platform's own UIs (${PLATFORM_UI_HOSTS.join(", ")})`));
      else if (hosts.has(host)) problems.push(problem(at("ingress", "host"), host, `a host no other app has (${hosts.get(host)} has it)`));
      hosts.set(host, String(app.name));
    }

    // The pod count comes from one place: replicas, or the autoscaler.
    if (app.replicas === undefined && app.autoscaling === undefined) problems.push(missing(at("replicas"), "the number of pods (or an autoscaling block)"));
    if (app.replicas !== undefined && app.autoscaling !== undefined) problems.push(problem(at("replicas"), app.replicas, "absent with autoscaling: the autoscaler owns the pod count"));
    if (isObject(app.autoscaling)) {
      const { minReplicas, maxReplicas } = app.autoscaling;
      if (typeof minReplicas === "number" && typeof maxReplicas === "number" && minReplicas > maxReplicas)
        problems.push(problem(at("autoscaling", "maxReplicas"), maxReplicas, `at least minReplicas (${minReplicas})`));
      if (isObject(app.volume)) problems.push(problem(at("autoscaling"), app.autoscaling, "no autoscaling with a volume: each replica's volume outlives a scale-down; size replicas by hand"));
    }

    if (isObject(app.bindings)) {
      for (const [binding, service] of Object.entries(BINDING_SERVICES)) {
        const bound = app.bindings[binding];
        if (bound === undefined || bound === false) continue;
        if (valueAt(config, ["services", service, "enabled"]) !== true) problems.push(problem(at("bindings", binding), bound, `absent (or false) while lakehouse:services.${service} is disabled`));
      }
      const cache = isObject(app.bindings.cache) ? app.bindings.cache.database : undefined;
      if (typeof cache === "number") {
        if (cacheDatabases.has(cache)) problems.push(problem(at("bindings", "cache", "database"), cache, `a database number no other app uses (${cacheDatabases.get(cache)} has it)`));
        cacheDatabases.set(cache, String(app.name));
      }
    }
    if (typeof app.name === "string" && RESERVED_APP_NAMES.includes(app.name))
      problems.push(problem(at("name"), app.name, `a name other than the platform's services' (${RESERVED_APP_NAMES.join(", ")}): databases and object store keys are named after their consumer`));

    // One name, one source: a plain value, a generated secret and an operator's Secret can't share it.
    const bound = isObject(app.bindings) ? Object.entries(BINDING_ENV).flatMap(([binding, names]) => (isObject(app.bindings) && app.bindings[binding] ? names : [])) : [];
    const sources = [
      ["bindings", Object.fromEntries(bound.map((variable) => [variable, true]))],
      ["env", app.env],
      ["generatedSecrets", app.generatedSecrets],
      ["secretEnv", app.secretEnv],
    ] as const;
    const seen = new Map<string, string>();
    for (const [key, values] of sources) {
      if (!isObject(values)) continue;
      for (const variable of Object.keys(values)) {
        if (seen.has(variable)) problems.push(problem(at(key, variable), "…", `a variable not also set in ${seen.get(variable)}`));
        seen.set(variable, key);
      }
    }
  });
  return problems;
}
