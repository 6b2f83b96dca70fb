// What every service layer is handed: the validated configuration, the foundation it stands on
// (namespaces, ServiceAccounts, credentials, storage class) and the images it may run.
import type { ImageName, StackConfig } from "../../stacks";
import type { Foundation } from "../foundation/foundation";
import { imageFor } from "./images";

export interface Platform {
  config: StackConfig;
  foundation: Pick<Foundation, "namespaces" | "serviceAccounts" | "credentials" | "storageClassName">;
  /** The pinned reference of an upstream image, on the stack's mirror if it has one. */
  image(name: ImageName): string;
}

export function platformOf(config: StackConfig, foundation: Platform["foundation"]): Platform {
  return { config, foundation, image: (name) => imageFor(name, config.images) };
}
