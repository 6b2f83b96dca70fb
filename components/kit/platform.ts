// What every service layer is handed: the validated configuration, the foundation it stands on
// (namespaces, ServiceAccounts, credentials, storage class) and the images it may run.
import type * as pulumi from "@pulumi/pulumi";
import type { ImageName, NamespaceRole, StackConfig } from "../../stacks";
import type { GeneratedSecret } from "./generatedSecret";
import { imageFor } from "./images";

/** What the foundation layer hands every service layer (components/foundation implements it). */
export interface FoundationView {
  /** Namespace name per role, resolved once the namespace exists. */
  namespaces: Record<NamespaceRole, pulumi.Output<string>>;
  /** ServiceAccount name per account, e.g. "trino-worker". */
  serviceAccounts: Record<string, pulumi.Output<string>>;
  /** Generated credentials by Secret name. */
  credentials: Record<string, GeneratedSecret>;
  storageClassName: pulumi.Output<string>;
}

export interface Platform {
  config: StackConfig;
  foundation: FoundationView;
  /** The pinned reference of an upstream image, on the stack's mirror if it has one. */
  image(name: ImageName): string;
  /** The URL the edge publishes a UI at; absent in a stack without an edge. */
  publicUrl?(ui: string): string;
}

/** `publicUrl`: where the edge layer publishes UIs, given by index.ts when the stack has an edge. */
export function platformOf(config: StackConfig, foundation: Platform["foundation"], publicUrl?: (ui: string) => string): Platform {
  return { config, foundation, image: (name) => imageFor(name, config.images), ...(publicUrl ? { publicUrl } : {}) };
}
