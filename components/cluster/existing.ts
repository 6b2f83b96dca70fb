// An existing cluster (minikube, k3s, kubeadm, OpenShift, Rancher, bare metal): nothing is
// provisioned. The provider reads the kubeconfig file named in config, so credentials that rotate
// in that file (exec plugins, short-lived tokens) keep working and never land in state.
import { homedir } from "node:os";
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "../../stacks";
import type { ProvisionedCluster } from "./types";

export function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? resolve(homedir(), path.slice(2)) : resolve(path);
}

export function adoptExisting(cluster: ClusterConfig): ProvisionedCluster {
  const existing = cluster.existing as NonNullable<ClusterConfig["existing"]>;
  return { kubeconfig: pulumi.secret(expandHome(existing.kubeconfig)), context: existing.context, readyAfter: [] };
}
