// The Task that writes the example bundle (airflowExample.ts) to its prefix of the warehouse
// bucket with Airflow's own object store key, before Airflow starts: an S3 bundle refuses a
// prefix that does not exist. A changed file changes the pod's checksum, so the Task runs again.
import * as pulumi from "@pulumi/pulumi";
import type { Resources } from "../../stacks";
import type { ObjectStoreBinding } from "../kit/bindings";
import { configChecksum, ConfigFiles } from "../kit/configFiles";
import { httpUrl } from "../kit/endpoint";
import { type PodIdentity, standardLabels } from "../kit/podSpec";
import { Task } from "../kit/task";
import { secretKey } from "./bindingSecrets";
import { EXAMPLE_DAG, EXAMPLE_DAG_FILE, PUBLISH_SCRIPT } from "./airflowExample";

export interface PublishExampleDagsArgs {
  namespace: pulumi.Input<string>;
  app: string;
  identity: PodIdentity;
  /** The Airflow image: boto3 comes with its amazon provider. */
  image: string;
  resources: Resources;
  objectStore: ObjectStoreBinding;
  /** The bundle's key prefix in the warehouse bucket. */
  prefix: string;
}

const DAGS_PATH = "/opt/lakehouse/example-dags";
const SCRIPT_PATH = "/opt/lakehouse/publish";
const SCRIPT_FILE = "publish.py";

export class PublishExampleDags extends pulumi.ComponentResource {
  constructor(name: string, args: PublishExampleDagsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:workflows:PublishExampleDags", name, {}, opts);
    const { namespace, app, objectStore } = args;
    const files = (suffix: string, content: Record<string, string>) =>
      new ConfigFiles(`${name}-${suffix}`, { namespace, labels: standardLabels(app, "example-dags", `${name}-${suffix}`), files: content }, { parent: this });
    // Apart, so only DAG files are uploaded.
    const dags = files("files", { [EXAMPLE_DAG_FILE]: EXAMPLE_DAG });
    const script = files("script", { [SCRIPT_FILE]: PUBLISH_SCRIPT });
    new Task(
      name,
      {
        namespace,
        app,
        component: "example-dags",
        identity: args.identity,
        container: {
          name: "publish",
          image: args.image,
          // Past the image's entrypoint, which first waits for a metadata database this pod has no need of.
          command: ["python", `${SCRIPT_PATH}/${SCRIPT_FILE}`],
          env: [
            { name: "LAKEHOUSE_S3_ENDPOINT", value: httpUrl(objectStore.endpoint) },
            { name: "LAKEHOUSE_S3_PATH_STYLE", value: String(objectStore.pathStyle) },
            { name: "AWS_DEFAULT_REGION", value: objectStore.region },
            { name: "AWS_ACCESS_KEY_ID", secret: secretKey(objectStore.secret, "accessKeyId") },
            { name: "AWS_SECRET_ACCESS_KEY", secret: secretKey(objectStore.secret, "secretAccessKey") },
            { name: "LAKEHOUSE_BUNDLE_BUCKET", value: objectStore.warehouseBucket },
            { name: "LAKEHOUSE_BUNDLE_PREFIX", value: args.prefix },
            { name: "LAKEHOUSE_BUNDLE_FILES", value: DAGS_PATH },
          ],
          resources: args.resources,
          volumeMounts: [
            { name: "dags", mountPath: DAGS_PATH, readOnly: true },
            { name: "script", mountPath: SCRIPT_PATH, readOnly: true },
          ],
        },
        volumes: [dags.volume("dags"), script.volume("script")],
        podAnnotations: configChecksum(dags, script),
      },
      { parent: this, dependsOn: [dags.configMap, script.configMap] },
    );
    this.registerOutputs({});
  }
}
