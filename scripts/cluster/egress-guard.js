// Egress guard for the local kube-apiserver (started by up.sh).
//
// The apiserver sends its "cluster" egress (kubelet logs/exec/port-forward,
// pod/service/node proxy, webhooks and aggregated APIs addressed by Service)
// through this HTTP CONNECT proxy (--egress-selector-config-file). Pods here
// are fakes whose IPs (10.244.x) are plain data, so any such dial must stay on
// this machine: targets in 127.0.0.0/8 (kwok's fake kubelet, Service IPs) are
// connected, everything else is refused with 403 before a packet leaves.
// With the process node, its real pod range and the Service range (contained on
// the node's bridge by dataplane-up.sh) are passed as extra CIDRs: webhooks and
// aggregated APIs served by real pods are reached through their Services.
//
// Usage: node egress-guard.js SOCKET_PATH [IPV4_CIDR...]   (a unix socket: the
// apiserver accepts a plain-HTTP CONNECT proxy only over a unix socket)
"use strict";
const http = require("http");
const net = require("net");

const fs = require("fs");
const socketPath = process.argv[2];
if (!socketPath) {
  console.error("usage: node egress-guard.js SOCKET_PATH [IPV4_CIDR...]");
  process.exit(2);
}
const extraRanges = new net.BlockList();
for (const cidr of process.argv.slice(3)) {
  const [address, prefix] = cidr.split("/");
  if (!net.isIPv4(address) || !/^\d+$/.test(prefix ?? "") || Number(prefix) > 32) {
    console.error(`egress-guard: ${cidr} is not an IPv4 CIDR (a.b.c.d/n)`);
    process.exit(2);
  }
  extraRanges.addSubnet(address, Number(prefix), "ipv4");
}
try {
  fs.unlinkSync(socketPath); // stale socket of an earlier run
} catch (_) {
  // none left: nothing to remove
}

function allowed(host) {
  const h = host.replace(/^\[|\]$/g, "");
  if (h === "localhost" || h === "::1") return true;
  return net.isIPv4(h) && (h.startsWith("127.") || extraRanges.check(h, "ipv4"));
}

const server = http.createServer((req, res) => {
  res.writeHead(405, { "content-type": "text/plain" });
  res.end("CONNECT only\n");
});

server.on("connect", (req, client, head) => {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(req.url || "");
  if (!m || !allowed(m[1])) {
    console.log(`${new Date().toISOString()} refused CONNECT ${req.url}`);
    client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    return;
  }
  const upstream = net.connect(Number(m[2]), m[1].replace(/^\[|\]$/g, ""), () => {
    client.write("HTTP/1.1 200 Connection established\r\n\r\n");
    if (head && head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on("error", () => {
    if (upstream.connecting) client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
    else client.destroy();
  });
  client.on("error", () => upstream.destroy());
});

server.listen(socketPath, () => {
  fs.chmodSync(socketPath, 0o600);
  console.log(`egress guard on ${socketPath}`);
});
