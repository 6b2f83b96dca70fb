// Small inline programs the e2e suite previews: one Deployment that runs as root and has no
// probes, which the policy pack must block (from this checkout, and from a standalone copy).
import * as k8s from "@pulumi/kubernetes";
import { KUBECONFIG } from "./engine";

export const rootDeployment = async () => {
  const provider = new k8s.Provider("local", { kubeconfig: KUBECONFIG, context: "lakehouse", clusterIdentifier: "e2e/policy-probe" });
  const labels = { app: "root-probe" };
  new k8s.apps.v1.Deployment(
    "root-probe",
    {
      metadata: { namespace: "default" },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { runAsUser: 0 },
            containers: [{ name: "app", image: "busybox:1.37.0", resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } } }],
          },
        },
      },
    },
    { provider },
  );
};
