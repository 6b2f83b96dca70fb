// Nessie's configuration: a JDBC version store on PostgreSQL and one Iceberg warehouse in the
// object store. Everything that is not a credential goes into application.properties (a
// ConfigMap Quarkus reads from /deployments/config); the database password and the S3 key reach
// the pod as environment variables from Secrets, and Nessie resolves the S3 key through its
// `urn:nessie-secret:quarkus:` indirection, so no credential is ever a literal value.
import * as pulumi from "@pulumi/pulumi";
import type { DatabaseBinding, ObjectStoreBinding } from "../kit/bindings";
import { httpUrl } from "../kit/endpoint";
import type { EnvVar } from "../kit/podSpec";

export interface NessieConfigArgs {
  database: DatabaseBinding;
  objectStore: ObjectStoreBinding;
}

export function nessieProperties({ database, objectStore }: NessieConfigArgs): pulumi.Output<string> {
  const warehouse = objectStore.warehouseBucket;
  const sslMode = database.endpoint.tls ? "verify-full" : "disable";
  return pulumi.all([database.endpoint.host, httpUrl(objectStore.endpoint)]).apply(([databaseHost, s3Endpoint]) =>
    [
      "nessie.version.store.type=JDBC2",
      "nessie.version.store.persist.jdbc.datasource=postgresql",
      `quarkus.datasource.postgresql.jdbc.url=jdbc:postgresql://${databaseHost}:${database.endpoint.port}/${database.database}?sslmode=${sslMode}`,
      `nessie.catalog.default-warehouse=${warehouse}`,
      `nessie.catalog.warehouses.${warehouse}.location=s3://${warehouse}/`,
      `nessie.catalog.service.s3.default-options.endpoint=${s3Endpoint}`,
      `nessie.catalog.service.s3.default-options.region=${objectStore.region}`,
      `nessie.catalog.service.s3.default-options.path-style-access=${objectStore.pathStyle}`,
      "nessie.catalog.service.s3.default-options.access-key=urn:nessie-secret:quarkus:nessie.secrets.s3",
      // Structured logs, one JSON object per line, for the cluster's log pipeline (contract 8.2).
      "quarkus.log.console.json=true",
      "",
    ].join("\n"),
  );
}

/** The credentials, by the property names Quarkus reads from the environment as they are. */
export function nessieSecretEnvironment({ database, objectStore }: NessieConfigArgs): EnvVar[] {
  const s3 = objectStore.secret;
  return [
    { name: "QUARKUS_DATASOURCE_POSTGRESQL_USERNAME", secret: { name: database.secret.name, key: database.secret.keys.username } },
    { name: "QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD", secret: { name: database.secret.name, key: database.secret.keys.password } },
    { name: "nessie.secrets.s3.name", secret: { name: s3.name, key: s3.keys.accessKeyId } },
    { name: "nessie.secrets.s3.secret", secret: { name: s3.name, key: s3.keys.secretAccessKey } },
  ];
}
