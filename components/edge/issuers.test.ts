import { issuerChain } from "./issuers";
import { stackConfig } from "../../test/support/components";

it("in dev, chains selfSigned → CA certificate in cert-manager's namespace → CA issuer", () => {
  const chain = issuerChain(stackConfig("dev").edge, "traefik", "lakehouse-cert-manager");
  expect(chain.issuerName).toBe("lakehouse-ca");
  expect(chain.objects.map((o) => [o.kind, o.metadata.name])).toEqual([
    ["ClusterIssuer", "lakehouse-self-signed"],
    ["Certificate", "lakehouse-ca"],
    ["ClusterIssuer", "lakehouse-ca"],
  ]);
  expect(chain.objects[1].metadata.namespace).toBe("lakehouse-cert-manager");
  expect(chain.objects[1].spec).toMatchObject({ isCA: true, secretName: "lakehouse-ca", issuerRef: { name: "lakehouse-self-signed", kind: "ClusterIssuer" } });
  expect(chain.objects[2].spec).toEqual({ ca: { secretName: "lakehouse-ca" } });
});

it("with ACME, registers the configured account and solves HTTP-01 through our ingress class", () => {
  const chain = issuerChain(stackConfig("prod").edge, "traefik", "lakehouse-cert-manager");
  expect(chain.issuerName).toBe("lakehouse-acme");
  expect(chain.objects).toEqual([
    {
      kind: "ClusterIssuer",
      metadata: { name: "lakehouse-acme" },
      spec: {
        acme: {
          server: "https://acme-v02.api.letsencrypt.org/directory",
          email: "platform-team@example.com",
          privateKeySecretRef: { name: "lakehouse-acme-account" },
          solvers: [{ http01: { ingress: { ingressClassName: "traefik" } } }],
        },
      },
    },
  ]);
});

it("refuses ACME without an account e-mail", () => {
  const edge = { ...stackConfig("prod").edge, tls: { issuer: "acme" as const, acmeServer: "https://acme.example.com/directory" } };
  expect(() => issuerChain(edge, "traefik", "lakehouse-cert-manager")).toThrow(/email is required/);
});
