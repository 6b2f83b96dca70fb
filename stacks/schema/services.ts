import { z } from "zod";
import { IMAGE_NAMES } from "../services";
import { dnsName, k8sName, positiveInt, resources } from "./primitives";

// The services' blocks come from their descriptors (stacks/services/).
export { IMAGE_NAMES, OBJECT_STORE_ENGINES, SERVICE_MODES, SERVICE_NAMES, services, type ImageName, type ServiceName, type ServicesConfig } from "../services";

// registry[:port][/path], e.g. registry.acme.internal:5000/mirror
const registryPrefix = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._-]+)*$/, { error: "a registry host with an optional port and path, such as registry.acme.internal:5000/mirror" });

export const images = z.strictObject({
  /** A mirror that replaces every image's registry (air-gapped clusters); absent: the upstream registries. */
  registry: registryPrefix.optional(),
  /** Whole references replacing the pinned ones, by image name; they must be pinned too. */
  overrides: z.partialRecord(z.enum(IMAGE_NAMES), z.string().min(1)),
});
export type ImagesConfig = z.infer<typeof images>;

export const INGRESS_CONTROLLERS = ["traefik", "existing"] as const;
export const ISSUERS = ["self-signed", "acme"] as const;

export const edge = z.strictObject({
  enabled: z.boolean(),
  /** traefik: installed by this program (the maintained default); existing: the cluster's own, by ingressClass. */
  controller: z.enum(INGRESS_CONTROLLERS),
  /** Every UI is published as <ui>.<domain>. */
  domain: dnsName,
  /** Where cert-manager is installed (a namespace of its own, which this program creates). */
  certManagerNamespace: k8sName,
  /** Pods of Traefik and of each cert-manager component; on kind Traefik runs one, where the host ports are. */
  replicas: positiveInt,
  resources: z.strictObject({
    traefik: resources,
    certManager: resources,
    certManagerWebhook: resources,
    certManagerCainjector: resources,
    /** The post-install Job that waits for the webhook. */
    certManagerStartupCheck: resources,
  }),
  tls: z.strictObject({
    issuer: z.enum(ISSUERS),
    /** ACME account e-mail, required with issuer "acme". */
    email: z.email().optional(),
    acmeServer: z.url({ protocol: /^https$/ }),
  }),
});
export type EdgeConfig = z.infer<typeof edge>;

/** Credentials of external services, set with `pulumi config set --secret --path`; never stored in clear. */
export const externalCredentials = z.strictObject({
  objectStore: z.strictObject({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }).optional(),
  // PostgreSQL role names: at most 63 bytes (NAMEDATALEN - 1).
  postgres: z.strictObject({ username: z.string().min(1).max(63), password: z.string().min(1) }).optional(),
  valkey: z.strictObject({ password: z.string().min(1) }).optional(),
});
export type ExternalCredentials = z.infer<typeof externalCredentials>;
