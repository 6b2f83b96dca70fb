// One Ingress per UI, in the UI's own namespace: its host under the edge domain, TLS from the
// ClusterIssuer (cert-manager's ingress-shim turns the annotation into a Certificate), and the
// UI's Service as the only backend.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { WebUi } from "../kit/bindings";
import { PART_OF } from "../kit/labels";
import { tlsSecretName, uiHost } from "./hosts";

export const CLUSTER_ISSUER_ANNOTATION = "cert-manager.io/cluster-issuer";

export function ingressArgs(ui: WebUi, domain: string, ingressClass: string, issuerName: pulumi.Input<string>): k8s.networking.v1.IngressArgs {
  const host = uiHost(ui.name, domain);
  return {
    metadata: {
      name: ui.name,
      namespace: ui.namespace,
      labels: { ...PART_OF, "app.kubernetes.io/name": ui.name, "app.kubernetes.io/component": "edge" },
      annotations: { [CLUSTER_ISSUER_ANNOTATION]: issuerName },
    },
    spec: {
      ingressClassName: ingressClass,
      tls: [{ hosts: [host], secretName: tlsSecretName(ui.name) }],
      rules: [{ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: ui.serviceName, port: { number: ui.port } } } }] } }],
    },
  };
}
