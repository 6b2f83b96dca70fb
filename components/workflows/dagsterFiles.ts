// The example code location the platform ships, so a fresh install has something to run: one asset
// and one job. Real code locations replace it with their own image and gRPC server.

export const USER_CODE_FILE = "definitions.py";

export const EXAMPLE_DEFINITIONS = `"""Lakehouse example code location: a run of lakehouse_smoke proves runs launch as Kubernetes Jobs."""
import dagster as dg


@dg.asset
def lakehouse_hello(context: dg.AssetExecutionContext) -> str:
    context.log.info("hello from a Dagster run pod")
    return "lakehouse"


lakehouse_smoke = dg.define_asset_job("lakehouse_smoke", selection=[lakehouse_hello])

defs = dg.Definitions(assets=[lakehouse_hello], jobs=[lakehouse_smoke])
`;
