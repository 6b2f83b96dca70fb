// What an in-cluster engine hands the ObjectStore component, whichever engine it is.
import type * as pulumi from "@pulumi/pulumi";
import type { ScrapeTarget, WebUi } from "../kit/bindings";
import type { Endpoint } from "../kit/endpoint";

export interface InClusterStore {
  /** The S3 API. */
  endpoint: Endpoint;
  region: string;
  scrapeTargets: ScrapeTarget[];
  consoleUi?: WebUi;
  /** The Job that creates buckets and keys: consumers start after it. */
  bootstrap: pulumi.Resource;
}
