// The image a stack runs for each upstream image its services' descriptors pin (stacks/services/).
// Stacks may point all of them at a mirror (lakehouse:images.registry) or replace one
// (lakehouse:images.overrides); either way the result must still be pinned.
import { type ImageName, type ImagesConfig, PINNED_IMAGES } from "../../stacks";
import { parseImageReference } from "../../policy/lib/imageReference";
import { assertPinnedImage } from "./podSpec";

export { PINNED_IMAGES };

/** The reference a stack runs for one image: its override, or the pinned one on the mirror if any. */
export function imageFor(name: ImageName, config: ImagesConfig): string {
  const override = config.overrides[name];
  const reference = override ?? (config.registry ? onRegistry(PINNED_IMAGES[name], config.registry) : PINNED_IMAGES[name]);
  assertPinnedImage(reference);
  return reference;
}

/** `docker.io/library/postgres:17.6` on `mirror.acme:5000/hub` → `mirror.acme:5000/hub/library/postgres:17.6`. */
export function onRegistry(reference: string, registry: string): string {
  const parsed = parseImageReference(reference);
  if (!parsed?.registry) throw new Error(`pinned image ${reference} must name its registry`);
  return `${registry}/${reference.slice(parsed.registry.length + 1)}`;
}
