// Nessie's configuration as Quarkus environment variables: JDBC version store on PostgreSQL, one
// Iceberg warehouse in the object store. Passwords and keys come from Secrets; Nessie resolves the
// S3 key through its `urn:nessie-secret:quarkus:` indirection, so none is ever a literal value.
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../stacks";
import type { DatabaseBinding, ObjectStoreBinding } from "../kit/bindings";
import { httpUrl } from "../kit/endpoint";
import type { EnvVar } from "../kit/podSpec";

export interface NessieEnvironmentArgs {
  database: DatabaseBinding;
  objectStore: ObjectStoreBinding;
  environment: Environment;
}

export function nessieEnvironment({ database, objectStore }: NessieEnvironmentArgs): EnvVar[] {
  const { endpoint } = database;
  const sslMode = endpoint.tls ? "verify-full" : "disable";
  const warehouse = objectStore.warehouseBucket;
  const s3 = objectStore.secret;
  return [
    { name: "NESSIE_VERSION_STORE_TYPE", value: "JDBC2" },
    { name: "NESSIE_VERSION_STORE_PERSIST_JDBC_DATASOURCE", value: "postgresql" },
    { name: "QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL", value: pulumi.interpolate`jdbc:postgresql://${endpoint.host}:${endpoint.port}/${database.database}?sslmode=${sslMode}` },
    { name: "QUARKUS_DATASOURCE_POSTGRESQL_USERNAME", secret: { name: database.secret.name, key: database.secret.keys.username } },
    { name: "QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD", secret: { name: database.secret.name, key: database.secret.keys.password } },
    { name: "NESSIE_CATALOG_DEFAULT_WAREHOUSE", value: warehouse },
    // Map keys (the warehouse's name) survive only in the property's own dotted name, which
    // Quarkus reads from the environment as is (Kubernetes allows "." in variable names).
    { name: `nessie.catalog.warehouses.${warehouse}.location`, value: `s3://${warehouse}/` },
    { name: "NESSIE_CATALOG_SERVICE_S3_DEFAULT_OPTIONS_ENDPOINT", value: httpUrl(objectStore.endpoint) },
    { name: "NESSIE_CATALOG_SERVICE_S3_DEFAULT_OPTIONS_REGION", value: objectStore.region },
    { name: "NESSIE_CATALOG_SERVICE_S3_DEFAULT_OPTIONS_PATH_STYLE_ACCESS", value: String(objectStore.pathStyle) },
    { name: "NESSIE_CATALOG_SERVICE_S3_DEFAULT_OPTIONS_ACCESS_KEY", value: "urn:nessie-secret:quarkus:nessie.secrets.s3" },
    { name: "nessie.secrets.s3.name", secret: { name: s3.name, key: s3.keys.accessKeyId } },
    { name: "nessie.secrets.s3.secret", secret: { name: s3.name, key: s3.keys.secretAccessKey } },
    // Structured logs, one JSON object per line, for the cluster's log pipeline (contract 8.2).
    { name: "QUARKUS_LOG_CONSOLE_JSON", value: "true" },
  ];
}
