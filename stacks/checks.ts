// Rules that span several keys: conflicts, keys required by a choice made elsewhere, and orderings
// (request <= limit, min <= max). They run on the merged config even where zod found problems,
// and look only at values of the right type, so every problem is reported in one pass.
import { appChecks } from "./appChecks";
import { configKey, ConfigProblem, isObject, missing, problem, valueAt } from "./errors";
import { alertingChecks } from "./alertingChecks";
import { kindNodeImage, pinnedKindMinors } from "./kindImages";
import { GARAGE_MIN_STORAGE_BYTES, minioReplicasAccepted } from "./objectStoreRules";
import { parseQuantity } from "../policy/lib/quantity";
import { CLUSTER_TYPES } from "./schema";
import { REQUIRED_DEPENDENCIES, SINGLE_INSTANCE } from "./services";

type Path = Array<string | number>;

export function crossChecks(config: unknown): ConfigProblem[] {
  if (!isObject(config)) return [];
  return [
    ...clusterBlocks(config),
    ...kindChecks(config),
    ...existingTarget(config),
    ...nodePoolOrder(config),
    ...eksEndpoint(config),
    ...storageChoice(config),
    ...requestsWithinLimits(config),
    ...serviceModes(config),
    ...serviceDependencies(config),
    ...uniqueNamespaces(config),
    ...productionGuards(config),
    ...externalCredentialsNeeded(config),
    ...acmeAccount(config),
    ...singleInstances(config),
    ...airflowBuckets(config),
    ...postgresBackups(config),
    ...airflowBundles(config),
    ...dagsterCodeLocations(config),
    ...appChecks(config),
    ...alertingChecks(config),
  ];
}

/** The block of the chosen cluster type is required; blocks of other types are a conflict. */
function clusterBlocks(config: Record<string, unknown>): ConfigProblem[] {
  const cluster = config.cluster;
  if (!isObject(cluster) || !(CLUSTER_TYPES as readonly unknown[]).includes(cluster.type)) return [];
  const type = cluster.type as string;
  const problems: ConfigProblem[] = [];
  if (!isObject(cluster[type])) {
    problems.push(missing(configKey(["cluster", type]), `an object with the ${type} settings, required when lakehouse:cluster.type is "${type}"`));
  }
  for (const other of CLUSTER_TYPES) {
    if (other !== type && cluster[other] !== undefined) {
      problems.push(problem(configKey(["cluster", other]), cluster[other], `no "${other}" block while lakehouse:cluster.type is "${type}" (conflicting settings: remove it or change the type)`));
    }
  }
  return problems;
}

function kindChecks(config: Record<string, unknown>): ConfigProblem[] {
  const cluster = config.cluster;
  if (!isObject(cluster) || cluster.type !== "kind" || !isObject(cluster.kind)) return [];
  const kind = cluster.kind;
  const problems: ConfigProblem[] = [];
  if (kind.nodeImage === undefined && typeof cluster.kubernetesVersion === "string" && kindNodeImage(cluster.kubernetesVersion) === undefined) {
    problems.push(
      problem(
        configKey(["cluster", "kubernetesVersion"]),
        cluster.kubernetesVersion,
        `on kind, a version with a pinned node image (${pinnedKindMinors().join(", ")}), or set lakehouse:cluster.kind.nodeImage`,
      ),
    );
  }
  if (typeof kind.httpPort === "number" && kind.httpPort === kind.httpsPort) {
    problems.push(problem(configKey(["cluster", "kind", "httpsPort"]), kind.httpsPort, "a host port different from lakehouse:cluster.kind.httpPort"));
  }
  return problems;
}

/** An existing cluster is named explicitly: a kubeconfig file, a context, or both; never whatever is ambient. */
function existingTarget(config: Record<string, unknown>): ConfigProblem[] {
  const existing = valueAt(config, ["cluster", "existing"]);
  if (!isObject(existing) || existing.kubeconfig !== undefined || existing.context !== undefined) return [];
  return [missing(configKey(["cluster", "existing", "kubeconfig"]), "a kubeconfig file path or a context name (or both): the cluster is never chosen implicitly")];
}

function nodePoolOrder(config: Record<string, unknown>): ConfigProblem[] {
  const cluster = config.cluster;
  if (!isObject(cluster)) return [];
  return (["eks", "gke", "aks"] as const).flatMap((type) => {
    const pool = isObject(cluster[type]) ? (cluster[type] as Record<string, unknown>).nodePool : undefined;
    if (!isObject(pool)) return [];
    const { minNodes, desiredNodes, maxNodes } = pool;
    if (typeof minNodes !== "number" || typeof desiredNodes !== "number" || typeof maxNodes !== "number") return [];
    if (minNodes <= desiredNodes && desiredNodes <= maxNodes) return [];
    return [problem(configKey(["cluster", type, "nodePool"]), { minNodes, desiredNodes, maxNodes }, "minNodes <= desiredNodes <= maxNodes")];
  });
}

function eksEndpoint(config: Record<string, unknown>): ConfigProblem[] {
  const eks = valueAt(config, ["cluster", "eks"]);
  if (!isObject(eks) || eks.endpointPublicAccess !== false || eks.publicAccessCidrs === undefined) return [];
  return [problem(configKey(["cluster", "eks", "publicAccessCidrs"]), eks.publicAccessCidrs, "no publicAccessCidrs while endpointPublicAccess is false (conflicting settings)")];
}

function storageChoice(config: Record<string, unknown>): ConfigProblem[] {
  const storage = config.storage;
  if (!isObject(storage)) return [];
  if (storage.create === true && storage.provisioner === undefined) {
    return [
      missing(
        configKey(["storage", "provisioner"]),
        "the CSI driver that provisions volumes (required when lakehouse:storage.create is true and the cluster type has no default), such as ebs.csi.aws.com",
      ),
    ];
  }
  if (storage.create === false && storage.provisioner !== undefined) {
    return [problem(configKey(["storage", "provisioner"]), storage.provisioner, "no provisioner when lakehouse:storage.create is false: an adopted class keeps its own (conflicting settings)")];
  }
  return [];
}

/** Every `{requests, limits}` pair anywhere in the config: a request above its limit is refused by the API server. */
function requestsWithinLimits(config: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const visit = (node: unknown, path: Path) => {
    // Lists too: each app's resources (lakehouse:apps[i].resources).
    if (Array.isArray(node)) node.forEach((item, index) => visit(item, [...path, index]));
    if (!isObject(node)) return;
    if (isObject(node.requests) && isObject(node.limits)) {
      for (const resource of ["cpu", "memory"] as const) {
        const request = quantityOf(node.requests[resource]);
        const limit = quantityOf(node.limits[resource]);
        if (request !== undefined && limit !== undefined && request > limit) {
          problems.push(
            problem(configKey([...path, "requests", resource]), node.requests[resource], `at most the limit ${String(node.limits[resource])} (${configKey([...path, "limits", resource])})`),
          );
        }
      }
    }
    for (const [key, value] of Object.entries(node)) visit(value, [...path, key]);
  };
  visit(config, []);
  return problems;
}

const quantityOf = (value: unknown) => (typeof value === "string" ? parseQuantity(value)?.value : undefined);

function serviceModes(config: Record<string, unknown>): ConfigProblem[] {
  const services = config.services;
  if (!isObject(services)) return [];
  return Object.entries(services).flatMap(([name, service]) => {
    if (!isObject(service) || service.enabled === false) return [];
    if (service.mode === "external" && !isObject(service.external)) {
      return [missing(configKey(["services", name, "external"]), `the endpoint of the external ${name}, required when its mode is "external"`)];
    }
    if (service.mode === "in-cluster" && service.external !== undefined) {
      return [problem(configKey(["services", name, "external"]), service.external, `no external endpoint while lakehouse:services.${name}.mode is "in-cluster" (conflicting settings)`)];
    }
    return [];
  });
}

/** A consumer cannot run without what its descriptor says it needs (stacks/services/). */
function serviceDependencies(config: Record<string, unknown>): ConfigProblem[] {
  const services = config.services;
  if (!isObject(services)) return [];
  const enabled = (name: string) => isObject(services[name]) && (services[name] as Record<string, unknown>).enabled === true;
  return REQUIRED_DEPENDENCIES.filter(([consumer, need]) => enabled(consumer) && isObject(services[need]) && !enabled(need)).map(([consumer, need]) =>
    problem(
      configKey(["services", need, "enabled"]),
      false,
      `true while lakehouse:services.${consumer} is enabled (${consumer} needs ${need}; use mode "external" to point at one outside the cluster)`,
    ),
  );
}

function uniqueNamespaces(config: Record<string, unknown>): ConfigProblem[] {
  const seen = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  const claim = (name: unknown, key: string) => {
    if (typeof name !== "string") return;
    const first = seen.get(name);
    if (first) problems.push(problem(key, name, `a namespace name not already used by ${first}`));
    else seen.set(name, key);
  };
  if (isObject(config.namespaces)) {
    for (const [role, namespace] of Object.entries(config.namespaces)) {
      if (isObject(namespace)) claim(namespace.name, configKey(["namespaces", role, "name"]));
    }
  }
  if (Array.isArray(config.placeholderNamespaces)) {
    config.placeholderNamespaces.forEach((placeholder, index) => {
      if (isObject(placeholder)) claim(placeholder.name, configKey(["placeholderNamespaces", index, "name"]));
    });
  }
  // The edge's own namespaces, when it installs them.
  if (isObject(config.edge) && config.edge.enabled === true) {
    if (config.edge.controller === "traefik" && isObject(config.network)) claim(config.network.ingressControllerNamespace, configKey(["network", "ingressControllerNamespace"]));
    claim(config.edge.certManagerNamespace, configKey(["edge", "certManagerNamespace"]));
  }
  return problems;
}

/** Prod holds real data and real traffic: no open network, no volumes deleted with their claims. */
function productionGuards(config: Record<string, unknown>): ConfigProblem[] {
  if (config.environment !== "prod") return [];
  const problems: ConfigProblem[] = [];
  if (isObject(config.network) && config.network.policy === "allow-all") {
    problems.push(problem(configKey(["network", "policy"]), "allow-all", '"default-deny" in prod (allow-all is for development only)'));
  }
  if (isObject(config.storage) && config.storage.create === true && config.storage.reclaimPolicy === "Delete") {
    problems.push(problem(configKey(["storage", "reclaimPolicy"]), "Delete", '"Retain" in prod, so a deleted claim never deletes its data'));
  }
  return problems;
}

/** An external object store or database is reached with credentials only the operator has. */
function externalCredentialsNeeded(config: Record<string, unknown>): ConfigProblem[] {
  const services = config.services;
  if (!isObject(services)) return [];
  const given = isObject(config.externalCredentials) ? config.externalCredentials : {};
  const needs: Record<string, string> = { objectStore: "{accessKeyId, secretAccessKey}", postgres: "{username, password} of a role that may create roles and databases" };
  return Object.entries(needs).flatMap(([name, shape]) => {
    const service = services[name];
    if (!isObject(service) || service.enabled !== true || service.mode !== "external" || given[name] !== undefined) return [];
    return [
      missing(configKey(["externalCredentials", name]), `${shape} for the external ${name}, set with: pulumi config set --secret --path 'lakehouse:externalCredentials.${name}.<field>' <value>`),
    ];
  });
}

function acmeAccount(config: Record<string, unknown>): ConfigProblem[] {
  const tls = valueAt(config, ["edge", "tls"]);
  if (!isObject(tls) || tls.issuer !== "acme" || tls.email !== undefined || valueAt(config, ["edge", "enabled"]) === false) return [];
  return [missing(configKey(["edge", "tls", "email"]), 'the ACME account e-mail (expiry notices go there), required when lakehouse:edge.tls.issuer is "acme"')];
}

/**
 * Services whose in-cluster form runs one instance (their descriptors say so): more replicas would
 * be separate servers with separate data, not a cluster. HA for them means external mode.
 */
function singleInstances(config: Record<string, unknown>): ConfigProblem[] {
  const services = config.services;
  if (!isObject(services)) return [];
  const problems: ConfigProblem[] = [];
  for (const [name, accepted] of Object.entries(SINGLE_INSTANCE)) {
    const service = services[name];
    if (isObject(service) && service.mode !== "external" && typeof service.replicas === "number" && service.replicas !== 1) {
      problems.push(problem(configKey(["services", name, "replicas"]), service.replicas, accepted));
    }
  }
  // MinIO's erasure coding needs four drives, in sets of 2 to 16; Garage splits each node's volume in
  // two, and needs a node for each copy it keeps.
  const store = services.objectStore;
  if (isObject(store) && store.mode !== "external") {
    if (store.engine === "minio" && typeof store.replicas === "number" && !minioReplicasAccepted(store.replicas)) {
      problems.push(
        problem(
          configKey(["services", "objectStore", "replicas"]),
          store.replicas,
          '1, or 4 or more nodes whose count divides into erasure sets of 2 to 16 (such as 4, 6, 8 or 16) with engine "minio"',
        ),
      );
    }
    const size = quantityOf(store.storageSize);
    if (store.engine === "garage" && size !== undefined && size < GARAGE_MIN_STORAGE_BYTES) {
      problems.push(problem(configKey(["services", "objectStore", "storageSize"]), store.storageSize, 'at least 2Gi with engine "garage" (each node splits it into a metadata and a data volume)'));
    }
    const factor = store.replicationFactor;
    if (store.engine === "garage" && typeof factor === "number" && typeof store.replicas === "number" && store.replicas < factor) {
      problems.push(
        problem(
          configKey(["services", "objectStore", "replicas"]),
          store.replicas,
          `at least ${factor} with engine "garage" and replicationFactor ${factor}: Garage keeps ${factor} copies of every object on distinct nodes`,
        ),
      );
    }
  }
  return problems;
}

/** Airflow's buckets (task logs, S3 DAG bundles) must be ones the object store has: created in the cluster, or the operator's outside it. */
function airflowBuckets(config: Record<string, unknown>): ConfigProblem[] {
  const logBucket = valueAt(config, ["services", "airflow", "remoteLogs", "bucket"]);
  const storeBuckets = valueAt(config, ["services", "objectStore", "buckets"]);
  if (!Array.isArray(storeBuckets)) return [];
  const bundles = valueAt(config, ["services", "airflow", "dagBundles"]);
  const used: Array<[Path, unknown]> = [
    [["services", "airflow", "remoteLogs", "bucket"], logBucket],
    [["services", "postgres", "backup", "bucket"], valueAt(config, ["services", "postgres", "backup", "bucket"])],
  ];
  if (Array.isArray(bundles)) bundles.forEach((bundle, index) => isObject(bundle) && bundle.source === "s3" && used.push([["services", "airflow", "dagBundles", index, "bucket"], bundle.bucket]));
  return used
    .filter(([, bucket]) => typeof bucket === "string" && !storeBuckets.includes(bucket))
    .map(([path, bucket]) =>
      problem(
        configKey(path),
        bucket,
        `one of lakehouse:services.objectStore.buckets (${storeBuckets.join(", ")}), which the store creates in the cluster or the operator created outside it; add it there, or omit this key for the warehouse bucket`,
      ),
    );
}

/** Backups of the in-cluster PostgreSQL go to the object store: without one, they must be turned off knowingly. */
function postgresBackups(config: Record<string, unknown>): ConfigProblem[] {
  const postgres = valueAt(config, ["services", "postgres"]);
  if (!isObject(postgres) || postgres.enabled !== true || postgres.mode === "external") return [];
  if (valueAt(config, ["services", "postgres", "backup", "enabled"]) !== true || valueAt(config, ["services", "objectStore", "enabled"]) === true) return [];
  return [
    problem(
      configKey(["services", "postgres", "backup", "enabled"]),
      true,
      "false while lakehouse:services.objectStore is disabled (the dumps go to the object store): enable the store, or turn backups off and back the volume up another way",
    ),
  ];
}

/**
 * DAG bundles: names unique, S3 bundles only with the object store (they read through Airflow's
 * key), the example bundle only with Trino and the object store it writes through.
 */
function airflowBundles(config: Record<string, unknown>): ConfigProblem[] {
  const airflow = valueAt(config, ["services", "airflow"]);
  if (!isObject(airflow) || airflow.enabled !== true) return [];
  const enabled = (service: string) => valueAt(config, ["services", service, "enabled"]) === true;
  const problems: ConfigProblem[] = [];
  const seen = new Set<unknown>();
  const bundles = Array.isArray(airflow.dagBundles) ? airflow.dagBundles : [];
  bundles.forEach((bundle, index) => {
    if (!isObject(bundle)) return;
    if (seen.has(bundle.name)) problems.push(problem(configKey(["services", "airflow", "dagBundles", index, "name"]), bundle.name, "a bundle name not used by another bundle of the stack"));
    seen.add(bundle.name);
    if (bundle.source === "s3" && !enabled("objectStore"))
      problems.push(
        problem(
          configKey(["services", "airflow", "dagBundles", index, "source"]),
          bundle.source,
          '"git" while lakehouse:services.objectStore is disabled: an S3 bundle is read from the platform\'s object store',
        ),
      );
  });
  if (airflow.exampleDags === true) {
    const missingServices = ["trino", "objectStore"].filter((service) => !enabled(service));
    if (missingServices.length > 0)
      problems.push(
        problem(
          configKey(["services", "airflow", "exampleDags"]),
          true,
          `false while lakehouse:services.${missingServices.join(" and lakehouse:services.")} ${missingServices.length > 1 ? "are" : "is"} disabled: the example DAG writes an Iceberg table through Trino to the object store`,
        ),
      );
  }
  return problems;
}

/** Code locations: one of module and package each, names unique; the example only with Trino, which it writes through. */
function dagsterCodeLocations(config: Record<string, unknown>): ConfigProblem[] {
  const dagster = valueAt(config, ["services", "dagster"]);
  if (!isObject(dagster) || dagster.enabled !== true) return [];
  const problems: ConfigProblem[] = [];
  const seen = new Set<unknown>();
  const locations = Array.isArray(dagster.codeLocations) ? dagster.codeLocations : [];
  locations.forEach((location, index) => {
    if (!isObject(location)) return;
    const at = (key: string) => configKey(["services", "dagster", "codeLocations", index, key]);
    if (seen.has(location.name)) problems.push(problem(at("name"), location.name, "a code location name not used by another location of the stack"));
    seen.add(location.name);
    if ((location.module === undefined) === (location.package === undefined)) {
      problems.push(
        location.module === undefined
          ? missing(at("module"), "a Python module (or set package instead): where the gRPC server finds your Definitions")
          : problem(at("package"), location.package, "absent while module is set: a location loads from one module or one package"),
      );
    }
  });
  if (dagster.exampleCodeLocation === true && valueAt(config, ["services", "trino", "enabled"]) !== true)
    problems.push(
      problem(configKey(["services", "dagster", "exampleCodeLocation"]), true, "false while lakehouse:services.trino is disabled: the example asset writes an Iceberg table through Trino"),
    );
  return problems;
}
