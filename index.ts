// The lakehouse platform, one layer per component. Configuration is validated as a whole first:
// a bad value stops the program before any resource is registered.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Cluster } from "./components/cluster/cluster";
import { Foundation } from "./components/foundation/foundation";
import { loadStackConfig } from "./stacks";

const config = loadStackConfig();

const cluster = new Cluster("cluster", { cluster: config.cluster, storage: config.storage, environment: config.environment });

// Default providers are disabled in every stack file: each resource names its provider.
const randomProvider = new random.Provider("random");

const foundation = new Foundation("foundation", { config, facts: cluster.facts }, { providers: [cluster.provider, randomProvider] });

export const environment = config.environment;
export const clusterFacts = cluster.facts;
/** Secret: `pulumi stack output kubeconfig --show-secrets > kubeconfig` (a path for existing clusters). */
export const kubeconfig = cluster.kubeconfig;
export const namespaces = foundation.namespaces;
export const placeholderNamespaces = foundation.placeholderNamespaces;
export const serviceAccounts = foundation.serviceAccounts;
export const storageClassName = foundation.storageClassName;
/** How to read each generated credential; never the credential itself. */
export const credentials = Object.fromEntries(
  Object.entries(foundation.credentials).map(([secretName, secret]) => [
    secretName,
    Object.fromEntries(Object.keys(secret.values).map((key) => [key, secret.readCommand(key)])),
  ]),
) as Record<string, Record<string, pulumi.Output<string>>>;
