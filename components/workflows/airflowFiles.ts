// Files the Airflow ConfigMap carries besides airflow.cfg: the script that builds connection URLs
// from the environment at start, and a smoke-test DAG that proves the whole path works.

/**
 * Prints one connection URL, without a trailing newline, for Airflow's `_CMD` options (run with
 * shlex, no shell). Credentials come from Secret-backed env vars and are URL-quoted, so a password
 * never appears in a manifest and any character in it is safe.
 */
export const CONNECTION_URL_SCRIPT = `"""Prints an Airflow connection URL built from the environment: metadata, result-backend or broker."""
import os
import sys
from urllib.parse import quote


def env(name):
    return os.environ[name]


def secret(name):
    return quote(os.environ[name], safe="")


def database(scheme):
    query = "?sslmode=require" if env("LAKEHOUSE_DB_TLS") == "true" else ""
    credentials = secret("LAKEHOUSE_DB_USER") + ":" + secret("LAKEHOUSE_DB_PASSWORD")
    return f"{scheme}://{credentials}@{env('LAKEHOUSE_DB_HOST')}:{env('LAKEHOUSE_DB_PORT')}/{env('LAKEHOUSE_DB_NAME')}{query}"


def broker():
    tls = env("LAKEHOUSE_BROKER_TLS") == "true"
    scheme, query = ("rediss", "?ssl_cert_reqs=required") if tls else ("redis", "")
    return f"{scheme}://:{secret('LAKEHOUSE_BROKER_PASSWORD')}@{env('LAKEHOUSE_BROKER_HOST')}:{env('LAKEHOUSE_BROKER_PORT')}/0{query}"


URLS = {
    "metadata": lambda: database("postgresql+psycopg2"),
    "result-backend": lambda: database("db+postgresql"),
    "broker": broker,
}

sys.stdout.write(URLS[sys.argv[1]]())
`;

/** Triggered by hand (schedule=None): two Celery tasks passing a value through XCom. */
export const SMOKE_DAG = `"""Lakehouse smoke test: scheduler, Celery workers and the Execution API, end to end."""
import pendulum
from airflow.sdk import dag, task


@dag(schedule=None, start_date=pendulum.datetime(2025, 1, 1, tz="UTC"), catchup=False, tags=["lakehouse", "smoke"])
def lakehouse_smoke():
    @task
    def produce() -> str:
        return "lakehouse"

    @task
    def check(value: str) -> None:
        assert value == "lakehouse", value

    check(produce())


lakehouse_smoke()
`;
