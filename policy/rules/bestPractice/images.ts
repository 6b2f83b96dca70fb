import { unpinnedReason } from "../../lib/imageReference";
import { asString } from "../../lib/objects";
import { podSpecOf } from "../../lib/podSpecs";
import { label } from "../../lib/pss";
import type { ObjectRule } from "../../lib/rule";

export const pinnedImages: ObjectRule = {
  scope: "object",
  name: "bp-image-pinned",
  description: "Every container image is pinned by a version tag or a digest: no missing tag, no latest (registry ports and digests parsed as the distribution spec reads them).",
  remediation: "Reference images as registry/repository:version, or better repository@sha256:digest.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(object) {
    const pod = podSpecOf(object);
    if (!pod) return [];
    return pod.containers.flatMap((ref) => {
      const image = asString(ref.container.image);
      if (image === undefined) return [`${label(ref)} has no image`];
      const reason = unpinnedReason(image);
      return reason ? [`${label(ref)}: ${reason}`] : [];
    });
  },
};
