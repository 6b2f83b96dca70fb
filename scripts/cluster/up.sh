#!/usr/bin/env bash
# Starts a local Kubernetes control plane on 127.0.0.1 from the binaries built by
# scripts/toolchain/build.sh: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, and kwok faking 3 worker nodes (no containers ever run: kwok
# drives node and pod status). PVCs of the default StorageClass "standard" are
# bound by a small fake provisioner loop (scripts/cluster/fake-provisioner.sh).
#
# Writes the admin kubeconfig to $LAKEHOUSE_CLUSTER_DIR/kubeconfig, logs to
# $LAKEHOUSE_CLUSTER_DIR/logs/<component>.log, pids to .../pids/. Idempotent: if
# the cluster is already up it only prints the kubeconfig path. Stop: down.sh.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/toolchain/env.sh
source "$HERE/../toolchain/env.sh"

CLUSTER_DIR=${LAKEHOUSE_CLUSTER_DIR:-$HOME/.cache/lakehouse-cluster}
HOST=127.0.0.1   # everything listens on, and only ever talks to, loopback
ETCD_PORT=${LAKEHOUSE_ETCD_PORT:-23790}
ETCD_PEER_PORT=${LAKEHOUSE_ETCD_PEER_PORT:-23800}
APISERVER_PORT=${LAKEHOUSE_APISERVER_PORT:-26443}
KCM_PORT=${LAKEHOUSE_KCM_PORT:-26257}
SCHEDULER_PORT=${LAKEHOUSE_SCHEDULER_PORT:-26259}
KWOK_PORT=${LAKEHOUSE_KWOK_PORT:-26250}   # kwok's fake kubelet API (logs/exec), the nodes' kubelet port
# With the process node (LAKEHOUSE_PROCESS_NODE=1) pods run for real, and kwok nodes are off
# by default so that every pod lands there.
PROCESS_NODE_ENABLED=${LAKEHOUSE_PROCESS_NODE:-0}
if [ "$PROCESS_NODE_ENABLED" = 1 ]; then NODE_COUNT=${LAKEHOUSE_CLUSTER_NODES:-0}; else NODE_COUNT=${LAKEHOUSE_CLUSTER_NODES:-3}; fi
# Service IPs are taken from loopback space: the apiserver dials a Service's
# cluster IP for webhooks and aggregated APIs, and such a dial must never leave
# this machine. Pod IPs (kwok) are data only: nothing connects to them.
# With the process node, pods in their own network namespaces must reach Service
# IPs through the bridge, which loopback addresses can't do: a private range
# then, contained by dataplane-up.sh (routed into a dummy device unless kube-proxy
# translates it to a pod on the bridge).
if [ "$PROCESS_NODE_ENABLED" = 1 ]; then SERVICE_CIDR=${LAKEHOUSE_SERVICE_CIDR:-10.96.0.0/16}; else SERVICE_CIDR=${LAKEHOUSE_SERVICE_CIDR:-127.96.0.0/16}; fi
POD_CIDR=${LAKEHOUSE_POD_CIDR:-10.244.0.1/16}
# The process node's pods are real, in this part of the pod range: the egress guard lets the
# apiserver reach them and the Services in front of them (webhooks), and nothing else.
GUARD_RANGES=()
if [ "$PROCESS_NODE_ENABLED" = 1 ]; then
  NODE_POD_CIDR=${LAKEHOUSE_PROCESS_NODE_CIDR:-10.244.100.0/24}
  GUARD_RANGES=("$SERVICE_CIDR" "$NODE_POD_CIDR")
fi
TIMEOUT=${LAKEHOUSE_CLUSTER_TIMEOUT:-180}

PKI=$CLUSTER_DIR/pki
LOGS=$CLUSTER_DIR/logs
PIDS=$CLUSTER_DIR/pids
KUBECONFIG_ADMIN=$CLUSTER_DIR/kubeconfig
STAGE_DIR=$LAKEHOUSE_TOOLCHAIN_DIR/kwok-stage

log() { echo "[cluster] $*"; }
k() { kubectl --kubeconfig "$KUBECONFIG_ADMIN" "$@"; }

for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok openssl curl node; do
  command -v "$b" >/dev/null || { echo "[cluster] missing $b: run scripts/toolchain/build.sh first" >&2; exit 1; }
done

alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

if alive kube-apiserver && alive kwok && k get --raw /readyz >/dev/null 2>&1; then
  log "already running"
  echo "$KUBECONFIG_ADMIN"
  exit 0
fi
# Leftovers of a crashed or half-started cluster: start from a clean slate.
"$HERE/down.sh" >/dev/null 2>&1 || true
mkdir -p "$PKI" "$LOGS" "$PIDS" "$CLUSTER_DIR/etcd"

on_failure() {
  echo "[cluster] FAILED to start; last lines of each log:" >&2
  for f in "$LOGS"/*.log; do
    [ -f "$f" ] || continue
    echo "----- $f" >&2
    tail -n 25 "$f" >&2
  done
  echo "[cluster] (processes left running; scripts/cluster/down.sh stops them)" >&2
}
trap on_failure ERR

# ------------------------------------------------------------------- PKI ----
# One CA signs the apiserver's serving cert, kwok's fake kubelet serving cert and
# the client certs (the CN/O give the identity RBAC knows: system:masters for
# admin and kwok, the built-in users for controller-manager and scheduler).
ossl() { openssl "$@" >/dev/null 2>&1; }
ossl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=lakehouse-local-ca" \
  -keyout "$PKI/ca.key" -out "$PKI/ca.crt"
sign() { # name subject [subjectAltName] [extendedKeyUsage]
  local name=$1 subj=$2 san=${3:-} eku=${4:-clientAuth}
  local ext="$PKI/$name.ext"
  { echo "basicConstraints=CA:FALSE"; echo "keyUsage=digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"; [ -z "$san" ] || echo "subjectAltName=$san"; } > "$ext"
  ossl req -newkey rsa:2048 -nodes -subj "$subj" -keyout "$PKI/$name.key" -out "$PKI/$name.csr"
  ossl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 3650 -extfile "$ext" -out "$PKI/$name.crt"
  rm -f "$PKI/$name.csr" "$ext"
}
first_service_ip=$(echo "$SERVICE_CIDR" | awk -F'[./]' '{print $1"."$2"."$3"."$4+1}')
sign apiserver "/CN=kube-apiserver" \
  "IP:$HOST,IP:$first_service_ip,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
  serverAuth
sign kubelet "/CN=kwok-kubelet" "IP:$HOST,DNS:localhost" serverAuth
sign admin "/O=system:masters/CN=lakehouse-admin"
sign kube-controller-manager "/CN=system:kube-controller-manager"
sign kube-scheduler "/CN=system:kube-scheduler"
sign kwok "/O=system:masters/CN=kwok"
# Client cert the apiserver presents to aggregated API servers (front proxy).
sign front-proxy-client "/CN=front-proxy-client"
# Service-account token signing key pair.
ossl genrsa -out "$PKI/sa.key" 2048
ossl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub"
chmod 600 "$PKI"/*.key

kubeconfig() { # file user
  local f=$1 user=$2
  kubectl config --kubeconfig "$f" set-cluster lakehouse --server "https://$HOST:$APISERVER_PORT" \
    --certificate-authority "$PKI/ca.crt" --embed-certs >/dev/null
  kubectl config --kubeconfig "$f" set-credentials "$user" --client-certificate "$PKI/$user.crt" \
    --client-key "$PKI/$user.key" --embed-certs >/dev/null
  kubectl config --kubeconfig "$f" set-context lakehouse --cluster lakehouse --user "$user" >/dev/null
  kubectl config --kubeconfig "$f" use-context lakehouse >/dev/null
  chmod 600 "$f"
}
kubeconfig "$KUBECONFIG_ADMIN" admin
for c in kube-controller-manager kube-scheduler kwok; do kubeconfig "$CLUSTER_DIR/$c.kubeconfig" "$c"; done

# ------------------------------------------------------------- processes ----
start() { # name command...: detached (own session), output to logs/<name>.log
  local name=$1; shift
  setsid "$@" >"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name.pid"
  log "started $name (pid $!)"
}
wait_for() { # description command...: poll up to $TIMEOUT seconds
  local what=$1; shift
  local deadline=$((SECONDS + TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then echo "[cluster] timed out waiting for $what" >&2; return 1; fi
    sleep 1
  done
  log "$what: ok"
}
http_ok() { curl -fsS --max-time 2 "http://$HOST:$1$2"; }

# etcd: plain HTTP on loopback only; fsync off because this is throwaway test data.
start etcd etcd --name lakehouse --data-dir "$CLUSTER_DIR/etcd" \
  --listen-client-urls "http://$HOST:$ETCD_PORT" --advertise-client-urls "http://$HOST:$ETCD_PORT" \
  --listen-peer-urls "http://$HOST:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://$HOST:$ETCD_PEER_PORT" \
  --initial-cluster "lakehouse=http://$HOST:$ETCD_PEER_PORT" --unsafe-no-fsync \
  --quota-backend-bytes 2147483648 --log-level warn
wait_for "etcd health" http_ok "$ETCD_PORT" /health

# Everything the apiserver dials "into the cluster" (kubelets, pods, Services:
# logs/exec, proxy, webhooks, aggregated APIs) goes through egress-guard.js,
# which only lets loopback targets through (and, with the process node, its real pods and the
# Services in front of them): fake pod IPs must never be dialed.
cat > "$CLUSTER_DIR/egress-selector.yaml" <<EOF
apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport:
      uds:
        udsName: $CLUSTER_DIR/egress-guard.sock
EOF
start egress-guard node "$HERE/egress-guard.js" "$CLUSTER_DIR/egress-guard.sock" "${GUARD_RANGES[@]}"
wait_for "egress guard" curl -s -o /dev/null --max-time 2 --unix-socket "$CLUSTER_DIR/egress-guard.sock" http://guard/

# --endpoint-reconciler-type=none: the "kubernetes" Service may not list a
# loopback endpoint (API validation). Fake pods don't need it; with the process
# node, dataplane-up.sh points it at the node's forwarder.
start kube-apiserver kube-apiserver \
  --bind-address "$HOST" --advertise-address "$HOST" --secure-port "$APISERVER_PORT" \
  --etcd-servers "http://$HOST:$ETCD_PORT" \
  --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
  --client-ca-file "$PKI/ca.crt" \
  --service-account-issuer "https://kubernetes.default.svc.cluster.local" \
  --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
  --api-audiences "https://kubernetes.default.svc.cluster.local" \
  --service-cluster-ip-range "$SERVICE_CIDR" --service-node-port-range 30000-32767 \
  --authorization-mode RBAC --allow-privileged=true \
  --enable-admission-plugins NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,StorageObjectInUseProtection,PersistentVolumeClaimResize,Priority,RuntimeClass,TaintNodesByCondition,PodSecurity,MutatingAdmissionWebhook,ValidatingAdmissionPolicy,ValidatingAdmissionWebhook,ResourceQuota \
  --endpoint-reconciler-type none --egress-selector-config-file "$CLUSTER_DIR/egress-selector.yaml" \
  --requestheader-client-ca-file "$PKI/ca.crt" --requestheader-allowed-names front-proxy-client \
  --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
  --requestheader-extra-headers-prefix X-Remote-Extra- \
  --proxy-client-cert-file "$PKI/front-proxy-client.crt" --proxy-client-key-file "$PKI/front-proxy-client.key" \
  --kubelet-client-certificate "$PKI/admin.crt" --kubelet-client-key "$PKI/admin.key" \
  --kubelet-certificate-authority "$PKI/ca.crt" --kubelet-preferred-address-types InternalIP \
  --profiling=false --v 1
wait_for "kube-apiserver /readyz" k get --raw /readyz

# --controllers=*: every default controller (deployment, replicaset, statefulset,
# job, namespace, garbage collector, PV binder/protection, serviceaccount-token ...).
start kube-controller-manager kube-controller-manager \
  --kubeconfig "$CLUSTER_DIR/kube-controller-manager.kubeconfig" \
  --authentication-kubeconfig "$CLUSTER_DIR/kube-controller-manager.kubeconfig" \
  --authorization-kubeconfig "$CLUSTER_DIR/kube-controller-manager.kubeconfig" \
  --bind-address "$HOST" --secure-port "$KCM_PORT" --leader-elect=false \
  --controllers '*' --use-service-account-credentials=true \
  --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
  --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
  --service-cluster-ip-range "$SERVICE_CIDR" --v 1

start kube-scheduler kube-scheduler \
  --kubeconfig "$CLUSTER_DIR/kube-scheduler.kubeconfig" \
  --authentication-kubeconfig "$CLUSTER_DIR/kube-scheduler.kubeconfig" \
  --authorization-kubeconfig "$CLUSTER_DIR/kube-scheduler.kubeconfig" \
  --bind-address "$HOST" --secure-port "$SCHEDULER_PORT" --leader-elect=false --v 1

# kwok stages (from the kwok module, copied by build.sh): nodes get Ready and
# lease heartbeats; pods get Running/Ready with an IP, Job pods complete, and
# deleted pods are removed.
stages=(
  "$STAGE_DIR/node/fast/node-initialize.yaml"
  "$STAGE_DIR/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml"
  "$STAGE_DIR/pod/fast/pod-ready.yaml"
  "$STAGE_DIR/pod/fast/pod-complete.yaml"
  "$STAGE_DIR/pod/fast/pod-delete.yaml"
)
config_args=()
for s in "${stages[@]}"; do
  [ -f "$s" ] || { echo "[cluster] missing kwok stage $s (run scripts/toolchain/build.sh)" >&2; exit 1; }
  config_args+=(--config "$s")
done
start kwok kwok --kubeconfig "$CLUSTER_DIR/kwok.kubeconfig" "${config_args[@]}" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --node-ip "$HOST" --node-port "$KWOK_PORT" --server-address "$HOST:$KWOK_PORT" \
  --tls-cert-file "$PKI/kubelet.crt" --tls-private-key-file "$PKI/kubelet.key" \
  --cidr "$POD_CIDR" --node-lease-duration-seconds 40

# ------------------------------------------------------- cluster objects ----
wait_for "default service account token controller" k -n default get serviceaccount default

# Default StorageClass served by the fake provisioner below.
k apply -f - >/dev/null <<'EOF'
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: lakehouse.dev/fake-hostpath
reclaimPolicy: Delete
volumeBindingMode: Immediate
allowVolumeExpansion: true
EOF

# Worker nodes, labelled like real ones; the annotation hands them to kwok.
zones=(a b c)
for i in $(seq 1 "$NODE_COUNT"); do
  node=lakehouse-worker-$i
  zone=local-${zones[$(((i - 1) % 3))]}
  k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $node
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: $node
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
    node-role.kubernetes.io/worker: ""
    node.kubernetes.io/instance-type: fake.4cpu-16gi
    topology.kubernetes.io/region: local
    topology.kubernetes.io/zone: $zone
    type: kwok
spec:
  podCIDR: 10.244.$i.0/24
EOF
  # Capacity lives in status (kwok's node-initialize stage keeps it).
  k patch node "$node" --subresource status --type merge -p '{"status":{
    "capacity":{"cpu":"4","memory":"16Gi","pods":"110","ephemeral-storage":"100Gi"},
    "allocatable":{"cpu":"4","memory":"16Gi","pods":"110","ephemeral-storage":"100Gi"},
    "nodeInfo":{"architecture":"amd64","operatingSystem":"linux","kubeletVersion":"'"$(kube-apiserver --version | awk '{print $2}')"'",
      "containerRuntimeVersion":"kwok://fake","kernelVersion":"fake","osImage":"kwok fake node"}}}' >/dev/null
done

start fake-provisioner "$HERE/fake-provisioner.sh" "$KUBECONFIG_ADMIN"

nodes_ready() {
  local ready
  ready=$(k get nodes -l type=kwok -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$')
  [ "$ready" -ge "$NODE_COUNT" ]
}
[ "$NODE_COUNT" -eq 0 ] || wait_for "$NODE_COUNT nodes Ready" nodes_ready
if [ "$PROCESS_NODE_ENABLED" = 1 ]; then
  # shellcheck source=scripts/cluster/dataplane-up.sh
  source "$HERE/dataplane-up.sh"
fi
wait_for "kube-apiserver /readyz" k get --raw /readyz

trap - ERR
log "cluster is up: $(k get nodes --no-headers | wc -l) nodes, Kubernetes $(k version -o json | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -1)"
log "export KUBECONFIG=$KUBECONFIG_ADMIN"
echo "$KUBECONFIG_ADMIN"
