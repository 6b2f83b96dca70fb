// Where Airflow finds DAGs: Airflow 3's DAG bundles ([dag_processor] dag_bundle_config_list). The
// image's own /opt/airflow/dags is always the "dags-folder" bundle, so a custom image's DAGs are
// seen; Git repositories and object store prefixes come from lakehouse:services.airflow.dagBundles.
// Workers check a run's bundle out at the version the run was parsed from, so every component
// gets the same list and the same connections.
import type { ServicesConfig } from "../../stacks";
import type { EnvVar } from "../kit/podSpec";
import { AIRFLOW_PATHS, type DagBundleEntry } from "./airflowConfig";
import { OBJECT_STORE_CONNECTION_ID } from "./airflowEnvironment";

export type DagBundleSettings = ServicesConfig["airflow"]["dagBundles"][number];

const CLASSPATHS = {
  local: "airflow.dag_processing.bundles.local.LocalDagBundle",
  git: "airflow.providers.git.bundles.git.GitDagBundle",
  s3: "airflow.providers.amazon.aws.bundles.s3.S3DagBundle",
} as const;

/** The example bundle the program ships and uploads (lakehouse:services.airflow.exampleDags). */
export const EXAMPLE_BUNDLE = { name: "lakehouse-examples", source: "s3", prefix: "airflow-dags/lakehouse-examples" } as const satisfies DagBundleSettings;

/** The Airflow connection a Git bundle's credentials arrive as: AIRFLOW_CONN_<ID> from the operator's Secret. */
export const gitConnectionId = (bundle: string) => `lakehouse_git_${bundle.replace(/-/g, "_")}`;

/** The bundles Airflow reads, the image's DAG folder first. S3 bundles read through the lakehouse_s3 connection. */
export function dagBundleConfigList(bundles: readonly DagBundleSettings[], warehouseBucket: string | undefined): DagBundleEntry[] {
  const refresh = (seconds: number | undefined): Record<string, number> => (seconds === undefined ? {} : { refresh_interval: seconds });
  return [
    { name: "dags-folder", classpath: CLASSPATHS.local, kwargs: { path: AIRFLOW_PATHS.dags } },
    ...bundles.map((bundle): DagBundleEntry => {
      if (bundle.source === "git") {
        return {
          name: bundle.name,
          classpath: CLASSPATHS.git,
          kwargs: {
            repo_url: bundle.url,
            tracking_ref: bundle.ref,
            ...(bundle.subdir ? { subdir: bundle.subdir } : {}),
            ...(bundle.credentialsSecret ? { git_conn_id: gitConnectionId(bundle.name) } : {}),
            ...refresh(bundle.refreshSeconds),
          },
        };
      }
      const bucket = bundle.bucket ?? warehouseBucket;
      if (!bucket) throw new Error(`DAG bundle ${bundle.name} reads the object store, which this stack does not have`);
      return { name: bundle.name, classpath: CLASSPATHS.s3, kwargs: { aws_conn_id: OBJECT_STORE_CONNECTION_ID, bucket_name: bucket, prefix: bundle.prefix, ...refresh(bundle.refreshSeconds) } };
    }),
  ];
}

/** Each private Git bundle's connection, from key `connection` of the Secret the operator made; never a value here. */
export function gitConnectionEnvironment(bundles: readonly DagBundleSettings[]): EnvVar[] {
  return bundles.flatMap((bundle) =>
    bundle.source === "git" && bundle.credentialsSecret ? [{ name: `AIRFLOW_CONN_${gitConnectionId(bundle.name).toUpperCase()}`, secret: { name: bundle.credentialsSecret, key: "connection" } }] : [],
  );
}
