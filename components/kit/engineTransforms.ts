// Transforms run through the engine's callback server, which Pulumi's mocks do not have: they
// refuse every resource that asks for a transform. Nothing would run one under mocks anyway (tests
// call the transform functions directly), so components ask for transforms only where the engine
// runs them. The SDK settles what the engine supports before the program starts.
import type * as pulumi from "@pulumi/pulumi";

// getStore is internal to the SDK: its typings leave it out, so it is required with its shape declared here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { supportsTransforms: boolean } };

export function engineTransforms(transforms: pulumi.ResourceTransform[]): pulumi.ResourceTransform[] {
  return state.getStore().supportsTransforms ? transforms : [];
}
