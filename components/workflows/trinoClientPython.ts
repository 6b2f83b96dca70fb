// The Python function both shipped examples (Airflow's DAG, Dagster's asset) query Trino with:
// its HTTP client protocol (POST, then follow nextUri) from the standard library, so neither
// example needs a package beyond its image. Callers import json, os, time and urllib.request.

export const trinoClientPython = (user: string, source: string) => `def trino(sql):
    """Runs one statement with Trino's client protocol (POST, then follow nextUri) and returns its rows."""
    server = os.environ["LAKEHOUSE_TRINO_URL"]
    headers = {"X-Trino-User": "${user}", "X-Trino-Source": "${source}"}
    request = urllib.request.Request(f"{server}/v1/statement", data=sql.encode(), headers=headers, method="POST")
    rows = []
    while True:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = json.load(response)
        if "error" in body:
            raise RuntimeError(f"Trino: {body['error']['message']}")
        rows.extend(body.get("data", []))
        if "nextUri" not in body:
            return rows
        time.sleep(0.05)
        request = urllib.request.Request(body["nextUri"], headers=headers)`;
