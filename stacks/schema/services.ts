import { z } from "zod";
import { IMAGE_NAMES } from "../services";
import { alertReceiverCredentials } from "./alerting";
import { dnsName, k8sName, pinnedImage, positiveInt, resources } from "./primitives";

// The services' blocks come from their descriptors (stacks/services/).
export { IMAGE_NAMES, OBJECT_STORE_ENGINES, SERVICE_MODES, SERVICE_NAMES, services, type ImageName, type ServiceName, type ServicesConfig } from "../services";

// registry[:port][/path], e.g. registry.acme.internal:5000/mirror
const registryPrefix = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._-]+)*$/, { error: "a registry host with an optional port and path, such as registry.acme.internal:5000/mirror" })
  .meta({ accepts: "a registry host[:port][/path]" });

export const images = z.strictObject({
  /** A mirror that replaces every image's registry (air-gapped clusters); absent: the upstream registries. */
  registry: registryPrefix.optional().describe("a mirror that replaces every image's registry (air-gapped clusters)"),
  /** Whole references replacing the pinned ones, by image name; they must be pinned too. */
  overrides: z
    .partialRecord(z.enum(IMAGE_NAMES), pinnedImage)
    .meta({ accepts: `a map from an image name (${IMAGE_NAMES.join(", ")}) to a reference` })
    .describe("whole references replacing pinned ones; they must be pinned too (a tag other than latest, or a digest)"),
});
export type ImagesConfig = z.infer<typeof images>;

/** Where the upstream charts come from: their pinned repositories, or a directory holding the same versions. */
export const charts = z.strictObject({
  directory: z
    .string()
    .regex(/^(\/|~\/)/, { error: "an absolute path, or one starting with ~/ (the home directory)" })
    .meta({ accepts: "an absolute path or ~/path" })
    .optional()
    .describe(
      "install the upstream charts from this directory (one sub-directory per chart, at the pinned versions, as scripts/toolchain/charts.sh lays them out) instead of their repositories: for clusters with no route to them. Unset: the pinned repositories",
    ),
});
export type ChartsConfig = z.infer<typeof charts>;

export const INGRESS_CONTROLLERS = ["traefik", "existing"] as const;
export const ISSUERS = ["self-signed", "acme"] as const;

export const edge = z.strictObject({
  enabled: z.boolean().describe("whether the UIs are published at all"),
  /** traefik: installed by this program (the maintained default); existing: the cluster's own, by ingressClass. */
  controller: z.enum(INGRESS_CONTROLLERS).describe("traefik (installed and pinned here), or the cluster's own controller by lakehouse:cluster.ingressClass"),
  /** Every UI is published as <ui>.<domain>. */
  domain: dnsName.describe("every UI answers at <ui>.<domain>"),
  /** Where cert-manager is installed (a namespace of its own, which this program creates). */
  certManagerNamespace: k8sName.describe("cert-manager's own namespace, created here"),
  /** Pods of Traefik and of each cert-manager component; on kind Traefik runs one, where the host ports are. */
  replicas: positiveInt.describe("pods of Traefik and of each cert-manager component (on kind Traefik runs one, where the host ports are)"),
  resources: z.strictObject({
    traefik: resources.describe("Traefik"),
    certManager: resources.describe("cert-manager's controller"),
    certManagerWebhook: resources.describe("its webhook"),
    certManagerCainjector: resources.describe("its CA injector"),
    /** The post-install Job that waits for the webhook. */
    certManagerStartupCheck: resources.describe("the Job that waits for the webhook"),
  }),
  tls: z.strictObject({
    issuer: z.enum(ISSUERS).describe("a self-signed CA, or an ACME server such as Let's Encrypt"),
    /** ACME account e-mail, required with issuer "acme". */
    email: z.email().optional().describe("the ACME account's e-mail (expiry notices); required with acme"),
    acmeServer: z.url({ protocol: /^https$/ }).describe("the ACME directory"),
  }),
});
export type EdgeConfig = z.infer<typeof edge>;

/** Credentials of external services, set with `pulumi config set --secret --path`; never stored in clear. */
export const externalCredentials = z.strictObject({
  objectStore: z
    .strictObject({ accessKeyId: z.string().min(1).describe("the access key's id"), secretAccessKey: z.string().min(1).describe("its secret") })
    .optional()
    .describe("an external object store's key, which every consumer uses"),
  // PostgreSQL role names: at most 63 bytes (NAMEDATALEN - 1).
  postgres: z
    .strictObject({ username: z.string().min(1).max(63).describe("a role that may create roles and databases"), password: z.string().min(1).describe("its password") })
    .optional()
    .describe("an external server's administrator; the program creates each consumer's own role"),
  valkey: z
    .strictObject({ password: z.string().min(1).describe("the server's password") })
    .optional()
    .describe("an external Redis-compatible server"),
  alertReceivers: alertReceiverCredentials.optional().describe("alert receivers' secrets by receiver name: a Slack or tokened webhook URL (url), an SMTP password (password)"),
});
export type ExternalCredentials = z.infer<typeof externalCredentials>;
