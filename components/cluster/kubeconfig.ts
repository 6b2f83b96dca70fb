// Kubeconfigs that authenticate through an exec plugin, so no long-lived token sits in state.

export interface ExecKubeconfigArgs {
  name: string;
  server: string;
  certificateAuthorityData: string;
  exec: { command: string; args: string[]; installHint: string };
}

/** A one-cluster kubeconfig as JSON (which every kubeconfig reader accepts as YAML). */
export function execKubeconfig(args: ExecKubeconfigArgs): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: args.name, cluster: { server: args.server, "certificate-authority-data": args.certificateAuthorityData } }],
    contexts: [{ name: args.name, context: { cluster: args.name, user: args.name } }],
    "current-context": args.name,
    users: [
      {
        name: args.name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: args.exec.command,
            args: args.exec.args,
            installHint: args.exec.installHint,
            provideClusterInfo: true,
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}
