// The ClusterIssuer every UI's certificate comes from, as cert-manager objects to create in order.
// self-signed: a selfSigned issuer signs one CA certificate, and a CA issuer signs every UI with
// it, so a browser trusts all UIs once the one CA is trusted. acme: one ACME account (Let's
// Encrypt or another server) answering HTTP-01 challenges through our ingress class.
import type * as pulumi from "@pulumi/pulumi";
import type { EdgeConfig } from "../../stacks";

export interface CertManagerObject {
  kind: "ClusterIssuer" | "Certificate";
  metadata: { name: string; namespace?: pulumi.Input<string> };
  spec: Record<string, unknown>;
}

export interface IssuerChain {
  /** The ClusterIssuer Ingresses name in their cert-manager.io/cluster-issuer annotation. */
  issuerName: string;
  /** In creation order: each may need the previous one. */
  objects: CertManagerObject[];
}

export const CA_NAME = "lakehouse-ca";
const SELF_SIGNED = "lakehouse-self-signed";
const ACME = "lakehouse-acme";

/** caNamespace: cert-manager's own namespace, where a CA issuer reads its key pair from. */
export function issuerChain(edge: EdgeConfig, ingressClass: string, caNamespace: pulumi.Input<string>): IssuerChain {
  if (edge.tls.issuer === "acme") {
    if (!edge.tls.email) throw new Error('Edge: lakehouse:edge.tls.email is required with issuer "acme" (the ACME account and its expiry notices)');
    return {
      issuerName: ACME,
      objects: [
        {
          kind: "ClusterIssuer",
          metadata: { name: ACME },
          spec: {
            acme: {
              server: edge.tls.acmeServer,
              email: edge.tls.email,
              // The account key cert-manager generates on first registration.
              privateKeySecretRef: { name: `${ACME}-account` },
              solvers: [{ http01: { ingress: { ingressClassName: ingressClass } } }],
            },
          },
        },
      ],
    };
  }
  return {
    issuerName: CA_NAME,
    objects: [
      { kind: "ClusterIssuer", metadata: { name: SELF_SIGNED }, spec: { selfSigned: {} } },
      {
        kind: "Certificate",
        metadata: { name: CA_NAME, namespace: caNamespace },
        spec: {
          isCA: true,
          commonName: CA_NAME,
          secretName: CA_NAME,
          duration: "87600h", // ten years: a dev CA outlives the clusters it serves
          privateKey: { algorithm: "ECDSA", size: 256 },
          issuerRef: { name: SELF_SIGNED, kind: "ClusterIssuer", group: "cert-manager.io" },
        },
      },
      { kind: "ClusterIssuer", metadata: { name: CA_NAME }, spec: { ca: { secretName: CA_NAME } } },
    ],
  };
}
