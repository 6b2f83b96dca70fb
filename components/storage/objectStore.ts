// The platform's S3-compatible object store: Garage (default) or MinIO in the cluster, or an
// external endpoint (contract section 7). Every consumer gets its own access key in a Secret of
// its namespace and an ObjectStoreBinding that reads the same in every mode.
//
// External mode creates no workload and no Job: the buckets must already exist at the provider,
// and the operator's key (lakehouse:externalCredentials.objectStore) must be allowed to read and
// write them; every consumer shares that key.
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreBinding, ScrapeTarget, WebUi } from "../kit/bindings";
import { type Endpoint, externalEndpoint, httpUrl } from "../kit/endpoint";
import type { GeneratedSecret } from "../kit/generatedSecret";
import type { Published } from "../kit/published";
import type { ServiceConsumer, ServiceContext } from "../kit/serviceContext";
import { externalConsumerKeys, generatedConsumerKeys } from "./credentials";
import { garageStore } from "./garage";
import { minioStore } from "./minio";
import { consumerSecretName, externalStoreOf, validateObjectStore } from "./objectStorePlan";

/** The name index.ts gives the platform's store; its children keep their short names. */
export const FIRST_STORE = "object-store";

export interface ObjectStoreArgs {
  service: ServiceContext<"objectStore">;
  /** Who reads and writes the store, e.g. trino and nessie in "platform", airflow in "workflows". */
  consumers: ServiceConsumer[];
}

export interface AccessKeyReadCommands {
  accessKeyId: pulumi.Output<string>;
  secretAccessKey: pulumi.Output<string>;
}

export class ObjectStore extends pulumi.ComponentResource {
  /** The S3 API. */
  readonly endpoint: Endpoint;
  /** MinIO's console (Garage has none). */
  readonly consoleUi?: WebUi;
  readonly scrapeTargets: ScrapeTarget[];
  /** One binding per consumer name. */
  readonly bindings: Record<string, ObjectStoreBinding>;
  /** Per consumer, the kubectl commands that print its key; never the key itself. */
  readonly credentialReadCommands: Record<string, AccessKeyReadCommands>;

  /** Its endpoints, UIs and scrape targets, as its descriptor names them (components/kit/published.ts). */
  get published(): Published {
    return { endpoints: { objectStoreS3: httpUrl(this.endpoint) }, webUis: this.consoleUi ? [this.consoleUi] : [], scrapeTargets: this.scrapeTargets };
  }

  constructor(name: string, args: ObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    const { service, consumers } = args;
    const { settings } = service;
    // Before anything is registered: a refused store leaves nothing behind.
    validateObjectStore(settings, consumers, service.externalCredentials !== undefined);
    super("lakehouse:storage:ObjectStore", name, {}, opts);

    let region: string;
    let pathStyle = true;
    let keys: GeneratedSecret[];
    let bootstrap: pulumi.Resource | undefined;
    if (settings.mode === "external") {
      const external = externalStoreOf(settings, service.externalCredentials);
      this.endpoint = externalEndpoint(external.endpoint);
      region = external.region;
      pathStyle = external.pathStyle;
      this.scrapeTargets = [];
      keys = externalConsumerKeys(name, consumers, external.credentials, this);
    } else {
      const generated = generatedConsumerKeys(service, name, consumers, this);
      // The first store's server is named after its engine (garage.<ns>: the DNS name says what
      // answers); another store's after the store, so two stand side by side.
      const serverName = name === FIRST_STORE ? settings.engine : `${name}-${settings.engine}`;
      const store = settings.engine === "minio" ? minioStore(service, serverName, generated, this) : garageStore(service, serverName, generated, this);
      this.endpoint = store.endpoint;
      this.consoleUi = store.consoleUi;
      this.scrapeTargets = store.scrapeTargets;
      region = store.region;
      bootstrap = store.bootstrap;
      keys = generated.map((key) => key.secret);
    }

    this.bindings = Object.fromEntries(
      consumers.map((consumer, index): [string, ObjectStoreBinding] => [
        consumer.name,
        {
          endpoint: this.endpoint,
          region,
          pathStyle,
          warehouseBucket: settings.buckets[0],
          secret: { name: consumerSecretName(name, consumer.name), keys: { accessKeyId: "accessKeyId", secretAccessKey: "secretAccessKey" } },
          // The consumer's Secret, and in the cluster the Job that created its key and the buckets.
          ready: [keys[index].secret, ...(bootstrap ? [bootstrap] : [])],
        },
      ]),
    );
    this.credentialReadCommands = Object.fromEntries(
      consumers.map((consumer, index) => [consumer.name, { accessKeyId: keys[index].readCommand("accessKeyId"), secretAccessKey: keys[index].readCommand("secretAccessKey") }]),
    );
    this.registerOutputs({
      endpoint: this.endpoint,
      consoleUi: this.consoleUi,
      scrapeTargets: this.scrapeTargets,
      bindings: this.bindings,
      credentialReadCommands: this.credentialReadCommands,
    });
  }
}
