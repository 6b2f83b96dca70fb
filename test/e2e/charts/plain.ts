// Values as helm receives them: the components build values with Outputs in them (DNS names
// interpolated from resources' names), which the engine resolves before rendering. Outside the
// engine they are known at once, so one apply resolves them all.
import * as pulumi from "@pulumi/pulumi";

export function plain<T>(value: T): Promise<pulumi.Unwrap<T>> {
  return new Promise((resolve) => pulumi.output(value).apply((resolved) => resolve(resolved as pulumi.Unwrap<T>)));
}
