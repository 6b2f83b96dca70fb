import { unpinnedReason } from "../../lib/imageReference";
import { asString } from "../../lib/objects";
import { label, podRule } from "../../lib/pss";

export const pinnedImages = podRule(
  {
    name: "bp-image-pinned",
    description: "Every container image is pinned by a version tag or a digest: no missing tag, no latest (registry ports and digests parsed as the distribution spec reads them).",
    remediation: "Reference images as registry/repository:version, or better repository@sha256:digest.",
    tags: ["best-practice"],
    enforcementLevel: "mandatory",
  },
  ({ containers }) =>
    containers.flatMap(({ ref }) => {
      const image = asString(ref.container.image);
      if (image === undefined) return [`${label(ref)} has no image`];
      const reason = unpinnedReason(image);
      return reason ? [`${label(ref)}: ${reason}`] : [];
    }),
);
