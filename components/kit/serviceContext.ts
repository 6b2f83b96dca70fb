// What one service layer is handed: its own settings and its own slice of the foundation, never the
// whole stack config. index.ts builds one per service; a component reads nothing global, so two
// instances of it can stand side by side with different contexts.
import type * as pulumi from "@pulumi/pulumi";
import { CREDENTIALS, type Environment, type ExternalCredentials, type ImageName, type NamespaceRole, namespaceOf, SERVICE_ACCOUNTS, type ServiceName, type ServicesConfig } from "../../stacks";
import type { GeneratedSecret } from "./generatedSecret";
import type { Platform } from "./platform";

type ExternalCredentialsOf<Name extends ServiceName> = Name extends keyof ExternalCredentials ? ExternalCredentials[Name] : never;

export interface ServiceContext<Name extends ServiceName> {
  /** Its block, lakehouse:services.<name>, validated. */
  settings: ServicesConfig[Name];
  environment: Environment;
  /** The namespace its pods run in: as configured (for names known before deploy) and as created. */
  namespaceName: string;
  namespace: pulumi.Output<string>;
  /** Its own ServiceAccounts (its descriptor's), by account name, e.g. "trino-worker". */
  serviceAccounts: Record<string, pulumi.Output<string>>;
  /** Its own generated credentials (its descriptor's), by Secret name. */
  credentials: Record<string, GeneratedSecret>;
  storageClassName: pulumi.Output<string>;
  /** Whether its volumes are protected from deletion and replacement (prod). */
  protect: boolean;
  /** The operator's credentials for its external server (mode "external"), if it has any. */
  externalCredentials?: ExternalCredentialsOf<Name>;
  /** The pinned reference of an upstream image, on the stack's mirror if it has one. */
  image(name: ImageName): string;
  /** The URL the edge publishes a UI at (https://<ui>.<domain>); absent in a stack without an edge. */
  publicUrl?(ui: string): string;
}

/** A service that consumes another's binding: where it runs, and its own credentials (its database's, say). */
export interface ServiceConsumer {
  /** A platform service, or one of your apps (lakehouse:apps). */
  name: string;
  namespaceRole: NamespaceRole;
  namespace: pulumi.Output<string>;
  credentials: Record<string, GeneratedSecret>;
}

// The Secrets the foundation generated for this service (its descriptor's), none of another's.
const ownCredentials = (platform: Platform, name: ServiceName) =>
  Object.fromEntries(CREDENTIALS.filter((c) => c.service === name && platform.foundation.credentials[c.secretName]).map((c) => [c.secretName, platform.foundation.credentials[c.secretName]]));

export function serviceContext<Name extends ServiceName>(platform: Platform, name: Name): ServiceContext<Name> {
  const { config, foundation } = platform;
  const role = namespaceOf(name);
  const accounts = SERVICE_ACCOUNTS.filter((account) => account.service === name && foundation.serviceAccounts[account.name]);
  const external = (config.externalCredentials as Record<string, unknown> | undefined)?.[name] as ExternalCredentialsOf<Name> | undefined;
  return {
    settings: config.services[name],
    environment: config.environment,
    namespaceName: config.namespaces[role].name,
    namespace: foundation.namespaces[role],
    serviceAccounts: Object.fromEntries(accounts.map((account) => [account.name, foundation.serviceAccounts[account.name]])),
    credentials: ownCredentials(platform, name),
    storageClassName: foundation.storageClassName,
    protect: config.environment === "prod",
    ...(external === undefined ? {} : { externalCredentials: external }),
    image: platform.image,
    ...(platform.publicUrl ? { publicUrl: platform.publicUrl } : {}),
  };
}

/** Consumers as the descriptors name them, placed in their namespaces with their own credentials. */
export function serviceConsumers(platform: Platform, consumers: ReadonlyArray<{ name: ServiceName; namespaceRole: NamespaceRole }>): ServiceConsumer[] {
  return consumers.map(({ name, namespaceRole }) => ({ name, namespaceRole, namespace: platform.foundation.namespaces[namespaceRole], credentials: ownCredentials(platform, name) }));
}
