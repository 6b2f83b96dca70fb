#!/usr/bin/env bash
# Fake dynamic provisioner for StorageClasses whose provisioner is
# lakehouse.dev/fake-hostpath (the default class "standard" made by up.sh).
# kwok runs no containers, so a volume only has to exist as an API object: for
# every Pending PVC of such a class this creates a PV pre-bound to it (the
# controller-manager's PV binder then marks both Bound), and it deletes
# Released PVs it made (reclaimPolicy Delete). Started and stopped by up/down.sh.
#
# Usage: fake-provisioner.sh KUBECONFIG
set -uo pipefail   # no -e: a failed kubectl call is retried on the next pass

export KUBECONFIG=${1:?kubeconfig}
PROVISIONER=lakehouse.dev/fake-hostpath
INTERVAL=${LAKEHOUSE_PROVISIONER_INTERVAL:-2}

while true; do
  # Classes served by this provisioner.
  classes=" $(kubectl get storageclass -o jsonpath='{range .items[?(@.provisioner=="'"$PROVISIONER"'")]}{.metadata.name}{" "}{end}' 2>/dev/null) "

  kubectl get pvc -A -o jsonpath='{range .items[?(@.status.phase=="Pending")]}{.metadata.namespace}{"\t"}{.metadata.name}{"\t"}{.metadata.uid}{"\t"}{.spec.storageClassName}{"\t"}{.spec.resources.requests.storage}{"\t"}{.spec.accessModes}{"\t"}{.spec.volumeMode}{"\t"}{.spec.volumeName}{"\n"}{end}' 2>/dev/null |
    while IFS=$'\t' read -r ns name uid class size modes mode volume; do
      case "$classes" in *" $class "*) ;; *) continue ;; esac
      [ -z "$volume" ] || continue            # already being bound to a PV
      pv=pvc-$uid
      kubectl create -f - >/dev/null 2>&1 <<EOF
apiVersion: v1
kind: PersistentVolume
metadata:
  name: $pv
  annotations:
    pv.kubernetes.io/provisioned-by: $PROVISIONER
spec:
  capacity:
    storage: ${size:-1Gi}
  accessModes: ${modes:-[ReadWriteOnce]}
  volumeMode: ${mode:-Filesystem}
  persistentVolumeReclaimPolicy: Delete
  storageClassName: $class
  claimRef:
    namespace: $ns
    name: $name
    uid: $uid
  # Never mounted (no kubelet); the path only makes the PV spec valid.
  hostPath:
    path: /var/lib/lakehouse-fake-volumes/$pv
EOF
      [ $? -eq 0 ] && echo "$(date -u +%FT%TZ) provisioned $pv for $ns/$name ($size)"
    done

  # Reclaim: Released PVs that this provisioner created.
  kubectl get pv -o jsonpath='{range .items[?(@.status.phase=="Released")]}{.metadata.name}{"\t"}{.metadata.annotations.pv\.kubernetes\.io/provisioned-by}{"\n"}{end}' 2>/dev/null |
    while IFS=$'\t' read -r pv by; do
      [ "$by" = "$PROVISIONER" ] || continue
      kubectl delete pv "$pv" --wait=false >/dev/null 2>&1 && echo "$(date -u +%FT%TZ) deleted released $pv"
    done

  sleep "$INTERVAL"
done
