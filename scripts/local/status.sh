#!/usr/bin/env bash
# Prints how to reach the `local` stack from this machine: every API by its cluster DNS name and
# by the Service address this machine routes to (kube-proxy translates it to the pod), the UIs,
# the credentials' read commands, and a first Trino query.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/local/env.sh
source "$HERE/env.sh"
# shellcheck source=scripts/local/workspace.sh
source "$HERE/workspace.sh"
outputs=$(cd "$WORKSPACE" && pulumi stack output --json --stack local)

# host.ns.svc.cluster.local:port -> the Service's cluster IP:port, which this machine reaches.
services=$(kubectl get services -A -o jsonpath='{range .items[*]}{.metadata.name}.{.metadata.namespace} {.spec.clusterIP}{"\n"}{end}')
# The edge: Traefik's cluster IP, and the stack's CA certificate (public) for clients to trust.
traefik=$(kubectl get services -A --selector app.kubernetes.io/name=traefik -o jsonpath='{.items[0].spec.clusterIP}' 2>/dev/null || true)
ca_file=$LOCAL_DIR/lakehouse-ca.crt
kubectl get secrets -A --field-selector metadata.name=lakehouse-ca -o jsonpath='{.items[0].data.ca\.crt}' 2>/dev/null | base64 --decode > "$ca_file" || true
node - "$outputs" "$services" "$LAKEHOUSE_TOOLCHAIN_DIR" "$traefik" "$ca_file" <<'JS'
const [outputs, services, toolchain, traefik, caFile] = [JSON.parse(process.argv[2]), process.argv[3], process.argv[4], process.argv[5], process.argv[6]];
const ips = Object.fromEntries(services.trim().split("\n").map((l) => l.split(" ")));
const local = (url) => url.replace(/([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local/, (m, s, ns) => ips[`${s}.${ns}`] ?? m);
console.log("\nThe lakehouse runs on this machine. APIs (cluster DNS name -> address reachable from here):");
for (const [name, url] of Object.entries(outputs.endpoints ?? {})) if (url) console.log(`  ${name.padEnd(14)} ${url}\n  ${"".padEnd(14)} ${local(url)}`);
const urls = Object.entries(outputs.urls ?? {});
if (urls.length) {
  // *.localtest.me names loopback, where nothing listens here: pin each name to Traefik's Service.
  console.log(`\nUIs through the edge (TLS from the stack's own CA, saved at ${caFile}):`);
  for (const [n, u] of urls) {
    const host = new URL(u).hostname;
    console.log(`  ${n.padEnd(14)} ${u}${traefik ? `\n  ${"".padEnd(14)} curl --cacert ${caFile} --resolve ${host}:443:${traefik} ${u}/` : ""}`);
  }
}
console.log("\nCredentials (read commands; nothing is printed in clear):");
for (const [secret, keys] of Object.entries(outputs.credentials ?? {})) for (const [key, cmd] of Object.entries(keys)) console.log(`  ${secret}/${key}: ${cmd}`);
if (outputs.endpoints?.trino) {
  const server = local(outputs.endpoints.trino);
  console.log(`\nQuery Trino (in-cluster logins are by user name):\n  /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar ${toolchain}/trino-cli/trino-cli --server ${server} --user analyst --execute "SHOW CATALOGS"`);
}
console.log("\nStop everything: npm run local:down");
JS
