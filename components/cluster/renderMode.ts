// npm run render writes the stack's objects as YAML for GitOps. Two things would make that output
// wrong, so in render mode every Kubernetes object passes through this transform first:
// - a generated name: Pulumi's random suffix differs on every render, so each pull request would
//   rename every auto-named object; the object takes its resource name instead (a pod template's
//   config checksum still rolls it when its ConfigMap changes);
// - a Secret's payload, which the provider would write in plain text: the Secret is written
//   without data and marked, and the render script leaves it out and lists it.
import * as pulumi from "@pulumi/pulumi";

export const RENDERED_WITHOUT_DATA = "lakehouse.dev/rendered-without-data";

interface Metadata {
  name?: string;
  annotations?: Record<string, string>;
}

export function renderTransformation(args: pulumi.ResourceTransformationArgs): pulumi.ResourceTransformationResult | undefined {
  if (!(args.resource instanceof pulumi.CustomResource) || !args.type.startsWith("kubernetes:")) return undefined;
  const isSecret = args.type === "kubernetes:core/v1:Secret";
  const metadata = pulumi.output(args.props.metadata as pulumi.Input<Metadata> | undefined).apply((given) => ({
    ...(given ?? {}),
    name: given?.name ?? args.name,
    ...(isSecret ? { annotations: { ...(given?.annotations ?? {}), [RENDERED_WITHOUT_DATA]: "true" } } : {}),
  }));
  const props: Record<string, unknown> = { ...args.props, metadata };
  if (isSecret) {
    delete props.data;
    delete props.stringData;
  }
  return { props, opts: args.opts };
}

/**
 * Registers the transformation for every resource the program declares after this call. It is
 * the in-process kind (a stack transformation), which sees every object this program declares;
 * the engine-side transforms (registerResourceTransform) fail with the engine built here.
 */
export function enterRenderMode(): void {
  pulumi.runtime.registerStackTransformation(renderTransformation);
}
