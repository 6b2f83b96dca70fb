// Credentials generated with @pulumi/random and stored in a Kubernetes Secret. The random values
// are created once and kept in state (secret), so they are stable across runs; the Secret's payload
// is secret in state and outputs. Stack outputs carry the command to read a key, never the value.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { GeneratedKeySpec } from "../../stacks";

/** A generated value (stacks/services/descriptor.ts), or one the operator supplied (external services' credentials). */
export type SecretKeySpec = GeneratedKeySpec | { given: pulumi.Input<string> };

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
  private readonly resourceName: string;
  private readonly labels?: Record<string, string>;
  /** The generated passwords by key, for the services that store a hash of one. */
  private readonly passwords: Record<string, random.RandomPassword> = {};

  constructor(name: string, args: GeneratedSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:kit:GeneratedSecret", name, {}, opts);
    this.resourceName = name;
    this.labels = args.labels;
    this.secretName = args.secretName;
    this.values = Object.fromEntries(Object.entries(args.keys).map(([key, spec]) => [key, this.generate(key, spec)]));
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

  /**
   * The same keys and values in another namespace, for a consumer there (a Secret is read only
   * from its own namespace). The copy is managed with the original: rotate one, both change.
   */
  copyInto(namespaceRole: string, namespace: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): k8s.core.v1.Secret {
    return new k8s.core.v1.Secret(
      `${this.resourceName}-in-${namespaceRole}`,
      { metadata: { name: this.secretName, namespace, labels: this.labels }, type: "Opaque", stringData: this.values },
      { parent: this, deleteBeforeReplace: true, ...opts },
    );
  }

  /** The shell command that prints one key, for stack outputs and runbooks. */
  readCommand(key: string): pulumi.Output<string> {
    return pulumi.interpolate`kubectl --namespace ${this.namespace} get secret ${this.secretName} --output jsonpath='{.data.${key}}' | base64 --decode`;
  }

  /**
   * The bcrypt hash of a generated password (the random provider's: `$2a$`, cost 10), as a
   * secret output, for services that store a hash rather than the password itself.
   */
  bcryptHash(key: string): pulumi.Output<string> {
    const password = this.passwords[key];
    if (!password) throw new Error(`${this.secretName}: key ${key} is not a generated password, so it has no bcrypt hash`);
    return pulumi.secret(password.bcryptHash);
  }

  private generate(key: string, spec: SecretKeySpec): pulumi.Output<string> {
    const name = `${this.resourceName}-${key}`;
    if ("value" in spec) return pulumi.output(spec.value);
    if ("given" in spec) return pulumi.secret(spec.given);
    if ("hexBytes" in spec) {
      const hex = new random.RandomId(name, { byteLength: spec.hexBytes }, { parent: this }).hex;
      return pulumi.secret(spec.prefix ? pulumi.interpolate`${spec.prefix}${hex}` : hex);
    }
    if ("bytes" in spec) {
      const bytes = new random.RandomBytes(name, { length: spec.bytes }, { parent: this });
      return pulumi.secret(bytes.base64.apply((b64) => b64.replace(/\+/g, "-").replace(/\//g, "_")));
    }
    const password = new random.RandomPassword(
      name,
      { length: spec.length, special: spec.special ?? false, lower: spec.lower ?? true, upper: true, numeric: true, minNumeric: 1, minUpper: 1, minLower: spec.lower === false ? 0 : 1 },
      { parent: this },
    );
    this.passwords[key] = password;
    return pulumi.secret(password.result);
  }
}
