// An existing cluster (minikube, k3s, kubeadm, OpenShift, Rancher, bare metal): nothing is
// provisioned. The provider reads the kubeconfig file named in config, so credentials that rotate
// in that file (exec plugins, short-lived tokens) keep working and never land in state.
import { homedir } from "node:os";
import { delimiter, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "../../stacks";
import type { ProvisionedCluster } from "./types";

export function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? resolve(homedir(), path.slice(2)) : resolve(path);
}

/** The file kubectl would read: the first entry of $KUBECONFIG, else ~/.kube/config. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = env.KUBECONFIG?.split(delimiter).find((entry) => entry.length > 0);
  return expandHome(first ?? "~/.kube/config");
}

export function adoptExisting(cluster: ClusterConfig): ProvisionedCluster {
  const existing = cluster.existing as NonNullable<ClusterConfig["existing"]>;
  // Config validation guarantees a kubeconfig path, a context, or both.
  const path = existing.kubeconfig ? expandHome(existing.kubeconfig) : defaultKubeconfigPath();
  return { kubeconfig: pulumi.secret(path), context: existing.context, readyAfter: [] };
}
