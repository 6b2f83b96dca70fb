// The environment every Airflow container shares. Connection URLs are never values: Airflow runs
// the `_CMD` variants of its sensitive options, which build each URL at start from Secret-backed
// variables (the script in airflowFiles.ts). Keys shared by all components come from airflow-keys.
import * as pulumi from "@pulumi/pulumi";
import type { CacheBinding, DatabaseBinding, ObjectStoreBinding } from "../kit/bindings";
import { httpUrl } from "../kit/endpoint";
import type { EnvVar } from "../kit/podSpec";
import { AIRFLOW_PATHS } from "./airflowConfig";
import { secretKey } from "./bindingSecrets";

export const CONNECTION_SCRIPT = "connection_url.py";
export const AIRFLOW_CFG = "airflow.cfg";

const urlCommand = (kind: string) => `python3 ${AIRFLOW_PATHS.config}/${CONNECTION_SCRIPT} ${kind}`;

export interface AirflowEnvironmentArgs {
  database: DatabaseBinding;
  broker: CacheBinding;
  /** The Secret with fernetKey, apiSecretKey and jwtSecret (airflow-keys). */
  keysSecret: string;
}

export function airflowEnvironment({ database, broker, keysSecret }: AirflowEnvironmentArgs): EnvVar[] {
  return [
    { name: "AIRFLOW_HOME", value: AIRFLOW_PATHS.home },
    { name: "AIRFLOW_CONFIG", value: `${AIRFLOW_PATHS.config}/${AIRFLOW_CFG}` },
    { name: "LAKEHOUSE_DB_HOST", value: database.endpoint.host },
    { name: "LAKEHOUSE_DB_PORT", value: String(database.endpoint.port) },
    { name: "LAKEHOUSE_DB_NAME", value: database.database },
    { name: "LAKEHOUSE_DB_TLS", value: String(database.endpoint.tls) },
    { name: "LAKEHOUSE_DB_USER", secret: secretKey(database.secret, "username") },
    { name: "LAKEHOUSE_DB_PASSWORD", secret: secretKey(database.secret, "password") },
    { name: "LAKEHOUSE_BROKER_HOST", value: broker.endpoint.host },
    { name: "LAKEHOUSE_BROKER_PORT", value: String(broker.endpoint.port) },
    { name: "LAKEHOUSE_BROKER_TLS", value: String(broker.endpoint.tls) },
    { name: "LAKEHOUSE_BROKER_PASSWORD", secret: secretKey(broker.secret, "password") },
    // Metadata and Celery results in PostgreSQL, tasks queued in Valkey.
    { name: "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD", value: urlCommand("metadata") },
    { name: "AIRFLOW__CELERY__RESULT_BACKEND_CMD", value: urlCommand("result-backend") },
    { name: "AIRFLOW__CELERY__BROKER_URL_CMD", value: urlCommand("broker") },
    // The same keys in every component: Fernet for stored connections, the API secret for log
    // fetching and sessions, the JWT secret for Execution API and UI tokens.
    { name: "AIRFLOW__CORE__FERNET_KEY", secret: { name: keysSecret, key: "fernetKey" } },
    { name: "AIRFLOW__API__SECRET_KEY", secret: { name: keysSecret, key: "apiSecretKey" } },
    { name: "AIRFLOW__API_AUTH__JWT_SECRET", secret: { name: keysSecret, key: "jwtSecret" } },
  ];
}

/** For the admin-user Task only. */
export function adminEnvironment(keysSecret: string): EnvVar[] {
  return [
    { name: "LAKEHOUSE_ADMIN_USERNAME", secret: { name: keysSecret, key: "adminUsername" } },
    { name: "LAKEHOUSE_ADMIN_PASSWORD", secret: { name: keysSecret, key: "adminPassword" } },
  ];
}

export const OBJECT_STORE_CONNECTION_ID = "lakehouse_s3";

/**
 * For the running components: the object store as Airflow connection `lakehouse_s3` (the store's
 * endpoint by DNS name, region, path-style addressing) and the consumer's key as the standard AWS
 * variables from its Secret, which boto3 reads for a connection that names no key. So the key is
 * never part of a value in the manifest; remote task logs and tasks use the same connection.
 */
export function objectStoreEnvironment(objectStore: ObjectStoreBinding): EnvVar[] {
  const extra = pulumi.all([httpUrl(objectStore.endpoint)]).apply(([endpointUrl]) =>
    JSON.stringify({
      conn_type: "aws",
      extra: { endpoint_url: endpointUrl, region_name: objectStore.region, ...(objectStore.pathStyle ? { config_kwargs: { s3: { addressing_style: "path" } } } : {}) },
    }),
  );
  return [
    { name: `AIRFLOW_CONN_${OBJECT_STORE_CONNECTION_ID.toUpperCase()}`, value: extra },
    { name: "AWS_ACCESS_KEY_ID", secret: secretKey(objectStore.secret, "accessKeyId") },
    { name: "AWS_SECRET_ACCESS_KEY", secret: secretKey(objectStore.secret, "secretAccessKey") },
    { name: "AWS_DEFAULT_REGION", value: objectStore.region },
    { name: "LAKEHOUSE_WAREHOUSE_BUCKET", value: objectStore.warehouseBucket },
  ];
}
