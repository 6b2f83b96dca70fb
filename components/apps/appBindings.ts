// An app's bindings as environment variables (names in stacks/appBindings.ts): values for where a
// service is, Secret keys for credentials, never a credential as a value. And the peers its
// NetworkPolicy lets it reach.
import * as pulumi from "@pulumi/pulumi";
import { BINDING_ENV, BINDING_SERVICES, type AppBinding } from "../../stacks";
import type { CacheBinding, DatabaseBinding, ObjectStoreBinding } from "../kit/bindings";
import { type Endpoint, httpUrl } from "../kit/endpoint";
import type { EnvVar } from "../kit/podSpec";

export interface AppBindings {
  database?: DatabaseBinding;
  objectStore?: ObjectStoreBinding;
  /** Valkey, and the database number the app was given. */
  cache?: { binding: CacheBinding; database: number };
  trino?: Endpoint;
}

const secret = (ref: { name: string; keys: Record<string, string> }, logical: string) => {
  const key = ref.keys[logical];
  if (!key) throw new Error(`Secret ${ref.name} is handed over without a "${logical}" key`);
  return { name: ref.name, key };
};

/** The variables of each binding, in the order BINDING_ENV lists them (a test holds the two together). */
export function bindingEnvironment(app: string, bindings: AppBindings): EnvVar[] {
  const { database, objectStore, cache, trino } = bindings;
  const env: EnvVar[] = [];
  if (database) {
    env.push(
      { name: "DATABASE_HOST", value: database.endpoint.host },
      { name: "DATABASE_PORT", value: String(database.endpoint.port) },
      { name: "DATABASE_NAME", value: database.database },
      { name: "DATABASE_USER", secret: secret(database.secret, "username") },
      { name: "DATABASE_PASSWORD", secret: secret(database.secret, "password") },
      { name: "DATABASE_SSLMODE", value: database.endpoint.tls ? "require" : "disable" },
    );
  }
  if (objectStore) {
    env.push(
      { name: "S3_ENDPOINT_URL", value: httpUrl(objectStore.endpoint) },
      { name: "S3_REGION", value: objectStore.region },
      { name: "S3_BUCKET", value: objectStore.warehouseBucket },
      // A convention, not a fence: the store's keys reach whole buckets (Garage has no prefix policies).
      { name: "S3_PREFIX", value: `apps/${app}/` },
      { name: "S3_PATH_STYLE", value: String(objectStore.pathStyle) },
      { name: "AWS_ACCESS_KEY_ID", secret: secret(objectStore.secret, "accessKeyId") },
      { name: "AWS_SECRET_ACCESS_KEY", secret: secret(objectStore.secret, "secretAccessKey") },
    );
  }
  if (cache) {
    env.push(
      { name: "REDIS_HOST", value: cache.binding.endpoint.host },
      { name: "REDIS_PORT", value: String(cache.binding.endpoint.port) },
      { name: "REDIS_DB", value: String(cache.database) },
      { name: "REDIS_TLS", value: String(cache.binding.endpoint.tls) },
      { name: "REDIS_PASSWORD", secret: secret(cache.binding.secret, "password") },
    );
  }
  if (trino) env.push({ name: "TRINO_URL", value: httpUrl(trino) }, { name: "TRINO_USER", value: app });
  return env;
}

/** What must exist before the app starts: each binding's role, key or server. */
export function bindingsReady(bindings: AppBindings): pulumi.Resource[] {
  return [...(bindings.database?.ready ?? []), ...(bindings.objectStore?.ready ?? []), ...(bindings.cache?.binding.ready ?? [])];
}

/** The platform services an app's bindings reach, by service name, for its NetworkPolicy. */
export function boundServices(bindings: AppBindings): string[] {
  const present: Record<AppBinding, boolean> = { database: !!bindings.database, objectStore: !!bindings.objectStore, cache: !!bindings.cache, trino: !!bindings.trino };
  return (Object.keys(present) as AppBinding[]).filter((binding) => present[binding]).map((binding) => BINDING_SERVICES[binding]);
}

export { BINDING_ENV };
