// The example DAG bundle the program ships (lakehouse:services.airflow.exampleDags): a DAG that
// writes an Iceberg table through Trino and reads it back, uploaded by a Task to the bundle's
// prefix of the warehouse bucket, where Airflow's S3 bundle finds it. It is what a team's own
// bundle looks like: plain files under a prefix, written by whatever publishes them (CI, a Task).
// The DAG needs nothing beyond the image: Trino's HTTP protocol through the standard library.

import { trinoClientPython } from "./trinoClientPython";

export const EXAMPLE_DAG_FILE = "lakehouse_iceberg_example.py";

/** Where the example writes: schema and table in Trino's Iceberg catalog. */
export const EXAMPLE_TABLE = { schema: "lakehouse_examples", table: "airflow_runs" } as const;

export const EXAMPLE_DAG = `"""Lakehouse example DAG bundle: each run appends its rows to an Iceberg table through Trino, then reads them back."""
import json
import os
import time
import urllib.request

import pendulum
from airflow.sdk import dag, get_current_context, task

TABLE = "iceberg.${EXAMPLE_TABLE.schema}.${EXAMPLE_TABLE.table}"


${trinoClientPython("airflow", "lakehouse-example-dag")}


@dag(schedule=None, start_date=pendulum.datetime(2025, 1, 1, tz="UTC"), catchup=False, tags=["lakehouse", "example"])
def lakehouse_iceberg_example():
    @task
    def create_table() -> None:
        trino("CREATE SCHEMA IF NOT EXISTS iceberg.${EXAMPLE_TABLE.schema}")
        trino(f"CREATE TABLE IF NOT EXISTS {TABLE} (run_id varchar, item integer, amount double)")

    @task
    def append_rows() -> str:
        run_id = get_current_context()["run_id"].replace("'", "''")
        trino(f"INSERT INTO {TABLE} SELECT '{run_id}', n, n * 1.5 FROM UNNEST(sequence(1, 3)) AS t(n)")
        return run_id

    @task
    def read_back(appended_for: str) -> None:
        # Not "run_id": a TaskFlow argument may not take a name of the task context.
        rows = trino(f"SELECT count(*), sum(amount) FROM {TABLE} WHERE run_id = '{appended_for}'")
        assert rows == [[3, 9.0]], rows

    # The table first, then this run's rows, then the check.
    rows = append_rows()
    create_table() >> rows
    read_back(rows)


lakehouse_iceberg_example()
`;

/**
 * Uploads every .py file of the mounted directory under s3://$BUCKET/$PREFIX/ with the consumer's
 * key (boto3, in the Airflow image). Idempotent: the same files overwrite themselves.
 */
export const PUBLISH_SCRIPT = `import os
import pathlib

import boto3
from botocore.config import Config

path_style = os.environ["LAKEHOUSE_S3_PATH_STYLE"] == "true"
s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["LAKEHOUSE_S3_ENDPOINT"],
    config=Config(s3={"addressing_style": "path"} if path_style else {}),
)
bucket, prefix = os.environ["LAKEHOUSE_BUNDLE_BUCKET"], os.environ["LAKEHOUSE_BUNDLE_PREFIX"]
for source in sorted(pathlib.Path(os.environ["LAKEHOUSE_BUNDLE_FILES"]).glob("*.py")):
    s3.put_object(Bucket=bucket, Key=f"{prefix}/{source.name}", Body=source.read_bytes())
    print(f"uploaded s3://{bucket}/{prefix}/{source.name}")
`;
