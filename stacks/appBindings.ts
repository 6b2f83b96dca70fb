// What each of an app's bindings (lakehouse:apps[].bindings) is served by, and the environment
// variables it hands the app: fixed names, documented in docs/apps.md, so an app's code reads
// them the same way in every stack.
export const BINDING_SERVICES = { database: "postgres", objectStore: "objectStore", cache: "valkey", trino: "trino" } as const;

export type AppBinding = keyof typeof BINDING_SERVICES;

export const BINDING_ENV: Record<AppBinding, readonly string[]> = {
  database: ["DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME", "DATABASE_USER", "DATABASE_PASSWORD", "DATABASE_SSLMODE"],
  objectStore: ["S3_ENDPOINT_URL", "S3_REGION", "S3_BUCKET", "S3_PREFIX", "S3_PATH_STYLE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
  cache: ["REDIS_HOST", "REDIS_PORT", "REDIS_DB", "REDIS_TLS", "REDIS_PASSWORD"],
  trino: ["TRINO_URL", "TRINO_USER"],
};
