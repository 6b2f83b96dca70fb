// Transforms run through the engine's callback server, which Pulumi's mocks do not have: they
// refuse every resource that asks for a transform. Nothing would run one under mocks anyway (tests
// call the transform functions directly), so components ask for transforms only where the engine
// runs them. The SDK settles what the engine supports before the program starts.
import type * as pulumi from "@pulumi/pulumi";

const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { supportsTransforms: boolean } };

export function engineTransforms(transforms: pulumi.ResourceTransform[]): pulumi.ResourceTransform[] {
  return state.getStore().supportsTransforms ? transforms : [];
}
