#!/usr/bin/env bash
# Adds a data plane to the local control plane started by up.sh: a process node whose pods run as
# real processes (scripts/process-node), a bridge for their network namespaces, kube-proxy for
# Service cluster IPs and CoreDNS for cluster DNS. Called by up.sh when LAKEHOUSE_PROCESS_NODE=1,
# with up.sh's variables and helpers (start, wait_for, sign, kubeconfig, k, log) in scope.
#
# Containment: pods get routes to the pod and Service ranges only (no default route), forwarded
# pod traffic may leave only through the bridge, and the whole pod and Service ranges are routed
# onto the bridge, where an address no pod holds finds no neighbour and is dropped. Nothing a pod
# or the host sends to those ranges can leave this machine.

PROCESS_NODE=${LAKEHOUSE_PROCESS_NODE_NAME:-lakehouse-process-1}
NODE_POD_CIDR=${NODE_POD_CIDR:-10.244.100.0/24}   # up.sh's
BRIDGE=lh0
GATEWAY=$(echo "$NODE_POD_CIDR" | awk -F'[./]' '{print $1"."$2"."$3"."$4+1}')
PREFIX=${NODE_POD_CIDR#*/}
CLUSTER_POD_CIDR=${POD_CIDR_ROUTED:-10.244.0.0/16}
KUBELET_PORT=${LAKEHOUSE_PROCESS_NODE_PORT:-26251}
STATE=$CLUSTER_DIR/process-node

for b in process-node kube-proxy coredns iptables ip nsenter unshare setpriv; do
  command -v "$b" >/dev/null || { echo "[cluster] missing $b: run scripts/toolchain/node.sh (and apt-get install iptables)" >&2; exit 1; }
done
[ -x "$LAKEHOUSE_TOOLCHAIN_DIR/cni-bin/bridge" ] || { echo "[cluster] missing CNI plugins: run scripts/toolchain/node.sh" >&2; exit 1; }

# ------------------------------------------------------------- network ----
sysctl -qw net.ipv4.ip_forward=1
modprobe br_netfilter 2>/dev/null || true
sysctl -qw net.bridge.bridge-nf-call-iptables=1
ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
ip addr replace "$GATEWAY/$PREFIX" dev "$BRIDGE"
ip link set "$BRIDGE" up
ip route replace "$SERVICE_CIDR" dev "$BRIDGE"
ip route replace "$CLUSTER_POD_CIDR" dev "$BRIDGE"
iptables -N LAKEHOUSE-CONTAIN 2>/dev/null || iptables -F LAKEHOUSE-CONTAIN
iptables -A LAKEHOUSE-CONTAIN -s "$CLUSTER_POD_CIDR" ! -o "$BRIDGE" -j DROP
iptables -A LAKEHOUSE-CONTAIN -d "$CLUSTER_POD_CIDR" ! -o "$BRIDGE" -j DROP
iptables -C FORWARD -j LAKEHOUSE-CONTAIN 2>/dev/null || iptables -I FORWARD -j LAKEHOUSE-CONTAIN
log "bridge $BRIDGE $GATEWAY/$PREFIX; $SERVICE_CIDR and $CLUSTER_POD_CIDR contained"

# ---------------------------------------------------------- identities ----
sign process-node "/O=system:masters/CN=process-node"
sign process-node-kubelet "/CN=$PROCESS_NODE" "IP:127.0.0.1,DNS:localhost,DNS:$PROCESS_NODE" serverAuth
sign kube-proxy "/O=system:node-proxier/CN=system:kube-proxy"
sign coredns "/O=system:masters/CN=coredns"
for c in process-node kube-proxy coredns; do kubeconfig "$CLUSTER_DIR/$c.kubeconfig" "$c"; done

# ---------------------------------------------------------- kube-proxy ----
start kube-proxy kube-proxy --kubeconfig "$CLUSTER_DIR/kube-proxy.kubeconfig" \
  --hostname-override "$PROCESS_NODE" --proxy-mode iptables --cluster-cidr "$CLUSTER_POD_CIDR" \
  --bind-address 127.0.0.1 --healthz-bind-address 127.0.0.1:26256 --metrics-bind-address 127.0.0.1:26249 \
  --nodeport-addresses "$GATEWAY/32" --iptables-localhost-nodeports=false \
  --conntrack-max-per-core 0 --v 1

# ------------------------------------------------------------- CoreDNS ----
# Cluster names only: anything else is refused, never forwarded.
mkdir -p "$STATE"
cat > "$STATE/Corefile" <<COREFILE
cluster.local:53 {
    bind $GATEWAY
    errors
    kubernetes cluster.local {
        kubeconfig $CLUSTER_DIR/coredns.kubeconfig lakehouse
        pods insecure
    }
    cache 5
}
.:53 {
    bind $GATEWAY
    template ANY ANY {
        rcode REFUSED
    }
}
COREFILE
start coredns coredns -conf "$STATE/Corefile"

# -------------------------------------------------------- process node ----
start process-node process-node --kubeconfig "$CLUSTER_DIR/process-node.kubeconfig" \
  --node-name "$PROCESS_NODE" --pod-cidr "$NODE_POD_CIDR" --cluster-cidr "$CLUSTER_POD_CIDR" \
  --service-cidr "$SERVICE_CIDR" --bridge "$BRIDGE" --dns "$GATEWAY" \
  --cni-bin "$LAKEHOUSE_TOOLCHAIN_DIR/cni-bin" --state-dir "$STATE" \
  --images "$HERE/../process-node/images.yaml" --toolchain "$LAKEHOUSE_TOOLCHAIN_DIR" \
  --listen "127.0.0.1:$KUBELET_PORT" --apiserver-listen "$GATEWAY:$APISERVER_PORT" \
  --tls-cert "$PKI/process-node-kubelet.crt" --tls-key "$PKI/process-node-kubelet.key"

# The `kubernetes` Service's endpoint: the node's forwarder to the API server on the gateway (the
# apiserver's own reconciler is off, as it would list its loopback address). Pods reach it at
# the Service IP their KUBERNETES_SERVICE_* variables name, as on any cluster; skip-mirror keeps
# the mirroring controller from making a second slice of the same endpoint.
k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Endpoints
metadata:
  name: kubernetes
  namespace: default
  labels: {endpointslice.kubernetes.io/skip-mirror: "true"}
subsets:
  - addresses: [{ip: $GATEWAY}]
    ports: [{name: https, port: $APISERVER_PORT, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kubernetes
  namespace: default
  labels: {kubernetes.io/service-name: kubernetes, endpointslice.kubernetes.io/managed-by: lakehouse-dataplane-up}
addressType: IPv4
endpoints:
  - addresses: [$GATEWAY]
    conditions: {ready: true}
ports: [{name: https, port: $APISERVER_PORT, protocol: TCP}]
EOF

process_node_ready() {
  [ "$(k get node "$PROCESS_NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ]
}
wait_for "process node $PROCESS_NODE Ready" process_node_ready
# One A query for the kubernetes Service, straight to the DNS server (no resolver involved).
dns_answers() { [ "$(python3 - kubernetes.default.svc.cluster.local "$GATEWAY" <<'PY'
import socket, struct, sys, random
name, server = sys.argv[1], sys.argv[2]
q = struct.pack(">HHHHHH", random.randint(0, 65535), 0x0100, 1, 0, 0, 0)
q += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + struct.pack(">HH", 1, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2); s.sendto(q, (server, 53))
r = s.recv(512); print("ok" if struct.unpack(">H", r[6:8])[0] > 0 else "")
PY
)" = ok ]; }
wait_for "cluster DNS on $GATEWAY" dns_answers
