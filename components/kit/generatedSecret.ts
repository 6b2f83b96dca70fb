// Credentials generated with @pulumi/random and stored in a Kubernetes Secret. The random values
// are created once and kept in state (secret), so they are stable across runs; the Secret's payload
// is secret in state and outputs. Stack outputs carry the command to read a key, never the value.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** A random password, random bytes (url-safe base64, e.g. a Fernet key), or a fixed non-secret value such as a user name. */
export type SecretKeySpec =
  | { length: number; special?: boolean; lower?: boolean }
  | { bytes: number }
  | { value: string };

export interface GeneratedSecretArgs {
  namespace: pulumi.Input<string>;
  secretName: string;
  keys: Record<string, SecretKeySpec>;
  labels?: Record<string, string>;
}

export class GeneratedSecret extends pulumi.ComponentResource {
  readonly secret: k8s.core.v1.Secret;
  /** Each key's value, as a secret output, for wiring into other resources of the program. */
  readonly values: Record<string, pulumi.Output<string>>;
  readonly namespace: pulumi.Output<string>;
  readonly secretName: string;

  constructor(name: string, args: GeneratedSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:kit:GeneratedSecret", name, {}, opts);
    this.secretName = args.secretName;
    this.values = Object.fromEntries(Object.entries(args.keys).map(([key, spec]) => [key, this.generate(`${name}-${key}`, spec)]));
    this.secret = new k8s.core.v1.Secret(
      name,
      {
        metadata: { name: args.secretName, namespace: args.namespace, labels: args.labels },
        type: "Opaque",
        stringData: this.values,
      },
      // Fixed name: delete the old Secret before creating its replacement. (The provider itself
      // marks a Secret's data and stringData as secret outputs.)
      { parent: this, deleteBeforeReplace: true },
    );
    this.namespace = this.secret.metadata.namespace;
    this.registerOutputs({ secret: this.secret, values: this.values });
  }

  /** The shell command that prints one key, for stack outputs and runbooks. */
  readCommand(key: string): pulumi.Output<string> {
    return pulumi.interpolate`kubectl --namespace ${this.namespace} get secret ${this.secretName} --output jsonpath='{.data.${key}}' | base64 --decode`;
  }

  private generate(name: string, spec: SecretKeySpec): pulumi.Output<string> {
    if ("value" in spec) return pulumi.output(spec.value);
    if ("bytes" in spec) {
      const bytes = new random.RandomBytes(name, { length: spec.bytes }, { parent: this });
      return pulumi.secret(bytes.base64.apply((b64) => b64.replace(/\+/g, "-").replace(/\//g, "_")));
    }
    const password = new random.RandomPassword(
      name,
      { length: spec.length, special: spec.special ?? false, lower: spec.lower ?? true, upper: true, numeric: true, minNumeric: 1, minUpper: 1, minLower: spec.lower === false ? 0 : 1 },
      { parent: this },
    );
    return pulumi.secret(password.result);
  }
}
