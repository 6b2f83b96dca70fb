// kind node images pinned by digest, as kind's release notes require: a tag alone may name an image
// built for another kind release. These are the images built for kind v0.30.0 (v1.30 from v0.29.0).
import { kubernetesSemver } from "./schema/primitives";

export const KIND_VERSION = "v0.30.0";

const NODE_IMAGES: Record<string, string> = {
  "1.34": "kindest/node:v1.34.0@sha256:7416a61b42b1662ca6ca89f02028ac133a309a2a30ba309614e8ec94d976dc5a",
  "1.33": "kindest/node:v1.33.4@sha256:25a6018e48dfcaee478f4a59af81157a437f15e6e140bf103f85a2e7cd0cbbf2",
  "1.32": "kindest/node:v1.32.8@sha256:abd489f042d2b644e2d033f5c2d900bc707798d075e8186cb65e3f1367a9d5a1",
  "1.31": "kindest/node:v1.31.12@sha256:0f5cc49c5e73c0c2bb6e2df56e7df189240d83cf94edfa30946482eb08ec57d2",
  "1.30": "kindest/node:v1.30.13@sha256:397209b3d947d154f6641f2d0ce8d473732bd91c87d9575ade99049aa33cd648",
};

/** The pinned image for a version's minor ("1.31" and "1.31.4" both map to 1.31's image). */
export function kindNodeImage(kubernetesVersion: string): string | undefined {
  const version = kubernetesSemver(kubernetesVersion);
  return version ? NODE_IMAGES[version.split(".").slice(0, 2).join(".")] : undefined;
}

export function pinnedKindMinors(): string[] {
  return Object.keys(NODE_IMAGES).sort();
}
