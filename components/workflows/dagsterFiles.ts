// The example code location the platform ships (lakehouse:services.dagster.exampleCodeLocation):
// a smoke job that proves runs launch as Kubernetes Jobs, and an asset that writes an Iceberg table
// through Trino and reads it back. It needs nothing beyond the Dagster image: Trino's HTTP protocol
// through the standard library. Your own locations bring their code in their own image.

import { trinoClientPython } from "./trinoClientPython";

export const USER_CODE_FILE = "definitions.py";

/** Where the example asset writes: schema and table in Trino's Iceberg catalog. */
export const EXAMPLE_ASSET_TABLE = { schema: "lakehouse_examples", table: "dagster_runs" } as const;

export const EXAMPLE_DEFINITIONS = `"""Lakehouse example code location: runs launch as Kubernetes Jobs, and an asset lands in Iceberg through Trino."""
import json
import os
import time
import urllib.request

import dagster as dg

TABLE = "iceberg.${EXAMPLE_ASSET_TABLE.schema}.${EXAMPLE_ASSET_TABLE.table}"


${trinoClientPython("dagster", "lakehouse-example-asset")}


@dg.asset
def lakehouse_hello(context: dg.AssetExecutionContext) -> str:
    context.log.info("hello from a Dagster run pod")
    return "lakehouse"


@dg.asset
def lakehouse_iceberg_example(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """Appends this run's rows to an Iceberg table through Trino, then reads them back."""
    run_id = context.run_id.replace("'", "''")
    trino("CREATE SCHEMA IF NOT EXISTS iceberg.${EXAMPLE_ASSET_TABLE.schema}")
    trino(f"CREATE TABLE IF NOT EXISTS {TABLE} (run_id varchar, item integer, amount double)")
    trino(f"INSERT INTO {TABLE} SELECT '{run_id}', n, n * 1.5 FROM UNNEST(sequence(1, 3)) AS t(n)")
    rows = trino(f"SELECT count(*), sum(amount) FROM {TABLE} WHERE run_id = '{run_id}'")
    assert rows == [[3, 9.0]], rows
    return dg.MaterializeResult(metadata={"table": TABLE, "rows": 3})


lakehouse_smoke = dg.define_asset_job("lakehouse_smoke", selection=[lakehouse_hello])
lakehouse_iceberg = dg.define_asset_job("lakehouse_iceberg", selection=[lakehouse_iceberg_example])

defs = dg.Definitions(assets=[lakehouse_hello, lakehouse_iceberg_example], jobs=[lakehouse_smoke, lakehouse_iceberg])
`;
