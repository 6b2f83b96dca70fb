// lakehouse:appOverrides applied to lakehouse:apps before either is checked: each override is
// merged key by key onto the app of its name, as a kustomize overlay patches its base.
import { configKey, type ConfigProblem, isObject, problem } from "./errors";

export function withAppOverrides(apps: unknown, overrides: unknown, deepMerge: (base: unknown, override: unknown) => unknown): { apps: unknown; problems: ConfigProblem[] } {
  if (!Array.isArray(apps) || !isObject(overrides)) return { apps, problems: [] };
  const names = apps.map((app) => (isObject(app) ? app.name : undefined));
  const problems = Object.entries(overrides)
    .filter(([name]) => !names.includes(name))
    .map(([name, value]) => problem(configKey(["appOverrides", name]), value, `an override of an app in lakehouse:apps (${names.filter((n) => typeof n === "string").join(", ") || "none declared"})`));
  for (const [name, override] of Object.entries(overrides)) {
    if (isObject(override) && "name" in override)
      problems.push(problem(configKey(["appOverrides", name, "name"]), override.name, "no name: an override is found by its key, and cannot rename the app"));
  }
  const merged = apps.map((app) => {
    const override = isObject(app) && typeof app.name === "string" ? overrides[app.name] : undefined;
    return isObject(app) && isObject(override) ? deepMerge(app, { ...override, name: app.name }) : app;
  });
  return { apps: merged, problems };
}
