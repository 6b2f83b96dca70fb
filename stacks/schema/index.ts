import { z } from "zod";
import { cluster } from "./cluster";
import { ENVIRONMENTS, namespaces, network, placeholderNamespace, storage } from "./platform";
import { edge, externalCredentials, images, services } from "./services";

/** The whole platform's configuration: one `lakehouse:<key>` per top-level field. */
export const stackConfig = z.strictObject({
  environment: z.enum(ENVIRONMENTS),
  cluster,
  storage,
  namespaces,
  placeholderNamespaces: z.array(placeholderNamespace),
  network,
  services,
  images,
  edge,
  externalCredentials: externalCredentials.optional(),
});
export type StackConfig = z.infer<typeof stackConfig>;

export const CONFIG_KEYS = Object.keys(stackConfig.shape) as Array<keyof StackConfig>;

export * from "./cluster";
export * from "./platform";
export * from "./primitives";
export * from "./services";
