import { z } from "zod";
import { appOverrides, apps } from "./apps";
import { cluster } from "./cluster";
import { delivery, render } from "./delivery";
import { ENVIRONMENTS, namespaces, network, placeholderNamespace, storage } from "./platform";
import { charts, edge, externalCredentials, images, services } from "./services";

/** The whole platform's configuration: one `lakehouse:<key>` per top-level field. */
export const stackConfig = z.strictObject({
  environment: z.enum(ENVIRONMENTS).describe("the stack's environment; defaults to the stack's name when that is one of these. Prod refuses allow-all network policy and a Delete reclaim policy"),
  cluster: cluster.describe("the cluster the platform runs on"),
  storage: storage.describe("the storage class every data volume uses"),
  namespaces: namespaces.describe("one namespace per role (contract section 5.1), with its Pod Security level, quota and limits"),
  placeholderNamespaces: z.array(placeholderNamespace).describe("labelled namespaces that reserve room for services to come"),
  network: network.describe("network policies"),
  services: services.describe("one block per service; each runs in the cluster or is an endpoint outside it"),
  images: images.describe("where images come from"),
  charts: charts.describe("where the upstream charts (Traefik, cert-manager, kube-prometheus-stack) come from"),
  edge: edge.describe("the edge: an ingress controller and cert-manager, and a TLS Ingress per UI"),
  apps,
  appOverrides,
  delivery: delivery.optional().describe("how CI delivers the stack (.github/workflows): its state backend, secrets provider and cloud identity; read by the ci:* scripts, not by the program"),
  render: render
    .optional()
    .describe(
      "set only by npm run render, on its scratch stack: write the Kubernetes objects as YAML instead of deploying them; no cluster is provisioned or contacted, and Secrets are written without data",
    ),
  externalCredentials: externalCredentials.optional().describe("external services' credentials, only the operator has: set with pulumi config set --secret --path; refused unless encrypted"),
});
export type StackConfig = z.infer<typeof stackConfig>;

export const CONFIG_KEYS = Object.keys(stackConfig.shape) as Array<keyof StackConfig>;

export * from "./alerting";
export * from "./apps";
export * from "./cluster";
export * from "./delivery";
export * from "./platform";
export * from "./primitives";
export * from "./services";
