// The pack's policy list, kept apart from index.ts so tests can load the policies without
// starting the pack's gRPC server. The contract's rules arrive with the policy-pack issue.
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

export const policies: Array<ResourceValidationPolicy | StackValidationPolicy> = [];
