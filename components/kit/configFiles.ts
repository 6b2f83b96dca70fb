// Configuration files a service reads from a mounted ConfigMap, and the one pod annotation whose
// value changes with them, so a changed file rolls the pods that mount it. Files only: secrets
// reach pods as Secret-backed environment or volumes, never through here.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { checksum } from "./checksum";

/** The annotation every pod with mounted configuration carries. */
export const CONFIG_CHECKSUM = "lakehouse.dev/config-checksum";

export type Files = pulumi.Input<Record<string, pulumi.Input<string>>>;

export interface ConfigFilesArgs {
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  files: Files;
  /** A fixed name, for a ConfigMap another program reads by name (Dagster's run pods); generated otherwise. */
  name?: string;
}

export class ConfigFiles {
  readonly configMap: k8s.core.v1.ConfigMap;
  readonly files: Files;

  constructor(resourceName: string, args: ConfigFilesArgs, opts: pulumi.CustomResourceOptions) {
    this.files = args.files;
    this.configMap = new k8s.core.v1.ConfigMap(
      resourceName,
      { metadata: { name: args.name, namespace: args.namespace, labels: args.labels }, data: args.files },
      // A fixed name must be free before its replacement is created.
      args.name ? { ...opts, deleteBeforeReplace: true } : opts,
    );
  }

  /** The pod volume of these files. */
  volume(volumeName: string): k8s.types.input.core.v1.Volume {
    return { name: volumeName, configMap: { name: this.configMap.metadata.name } };
  }
}

/** The pod annotations for configuration mounted from these files (and any further rendered text). */
export function configChecksum(...sources: Array<ConfigFiles | Files>): Record<string, pulumi.Output<string>> {
  const contents = sources.map((source) => (source instanceof ConfigFiles ? source.files : source));
  return { [CONFIG_CHECKSUM]: pulumi.output(contents).apply((rendered) => checksum(JSON.stringify(rendered))) };
}
