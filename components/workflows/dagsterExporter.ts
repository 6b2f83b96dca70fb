// Dagster serves no Prometheus metrics of its own (contract section 8.1 asks for them). A sidecar
// in the webserver's pod asks the webserver's GraphQL API, on each scrape, for what an operator
// watches: the runs in each status and each daemon's health, and serves them in Prometheus' text
// format. Python's standard library only, with the image's own interpreter.

/** The sidecar's port, named "metrics" on the webserver's Service. */
export const DAGSTER_METRICS_PORT = 9567;
export const DAGSTER_EXPORTER_FILE = "dagster_exporter.py";

/** Dagster's run statuses (dagster._core.storage.dagster_run.DagsterRunStatus). */
export const RUN_STATUSES = ["QUEUED", "NOT_STARTED", "STARTING", "STARTED", "SUCCESS", "FAILURE", "CANCELING", "CANCELED"] as const;

export const DAGSTER_EXPORTER = `"""Prometheus metrics from Dagster's GraphQL API: runs by status, daemon health."""
import json
import os
import sys
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GRAPHQL = os.environ["DAGSTER_GRAPHQL_URL"]
PORT = int(os.environ.get("METRICS_PORT", "${DAGSTER_METRICS_PORT}"))
STATUSES = ${JSON.stringify(RUN_STATUSES)}
QUERY = "query LakehouseMetrics {%s instance { daemonHealth { allDaemonStatuses { daemonType healthy required } } } }" % "".join(
    " %s: runsOrError(filter: {statuses: [%s]}) { ... on Runs { count } }" % (status.lower(), status) for status in STATUSES
)


def ask():
    request = urllib.request.Request(GRAPHQL, data=json.dumps({"query": QUERY}).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = json.load(response)
    if body.get("errors"):
        raise RuntimeError(body["errors"][0].get("message", "GraphQL error"))
    return body["data"]


def escape(value):
    return str(value).replace("\\\\", "\\\\\\\\").replace('"', '\\\\"').replace("\\n", "\\\\n")


def metrics():
    started = time.monotonic()
    lines = []
    try:
        data = ask()
        up = 1
    except Exception as error:  # the endpoint must answer even when Dagster does not
        print(f"dagster_exporter: {error}", file=sys.stderr, flush=True)
        data, up = None, 0
    lines += ["# HELP dagster_up Whether Dagster's GraphQL API answered.", "# TYPE dagster_up gauge", f"dagster_up {up}"]
    if data:
        lines += ["# HELP dagster_runs Runs in each status.", "# TYPE dagster_runs gauge"]
        for status in STATUSES:
            count = (data.get(status.lower()) or {}).get("count")
            if count is not None:
                lines.append(f'dagster_runs{{status="{status}"}} {count}')
        lines += ["# HELP dagster_daemon_healthy Whether each daemon's heartbeat is recent (1) or not (0).", "# TYPE dagster_daemon_healthy gauge"]
        for daemon in data["instance"]["daemonHealth"]["allDaemonStatuses"]:
            if daemon.get("required"):
                lines.append(f'dagster_daemon_healthy{{daemon_type="{escape(daemon["daemonType"])}"}} {1 if daemon["healthy"] else 0}')
    lines += ["# HELP dagster_scrape_duration_seconds How long asking Dagster took.", "# TYPE dagster_scrape_duration_seconds gauge"]
    lines.append(f"dagster_scrape_duration_seconds {time.monotonic() - started:.3f}")
    return "\\n".join(lines) + "\\n"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path not in ("/metrics", "/healthz"):
            self.send_error(404)
            return
        body = (metrics() if self.path == "/metrics" else "ok\\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
`;
