// Dagster: webserver, daemon and a code server; each run is a Kubernetes Job.
import { z } from "zod";
import { pinnedImage, positiveInt, resources } from "../schema/primitives";
import { base, defineService, externalHost, metricsExporter, password, size } from "./descriptor";

/** The example location's name in the workspace: your locations take others. */
export const EXAMPLE_CODE_LOCATION = "lakehouse-example";

// A Python module or package path, such as acme_pipelines.definitions.
const pythonModule = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, { error: "a Python module or package path, such as acme_pipelines.definitions" })
  .meta({ accepts: "a Python module path" });

/**
 * A code location of your own: its gRPC server runs from your image, and each of its runs is a
 * Kubernetes Job from the same image. Exactly one of module and package.
 */
const codeLocation = z.strictObject({
  // At most 40: the server's Service is named dagster-code-<name> and must stay a DNS label.
  name: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/, { error: "a lower-case name of letters, digits and '-', at most 40 characters, such as sales-pipelines" })
    .refine((name) => name !== EXAMPLE_CODE_LOCATION, { error: `a name other than "${EXAMPLE_CODE_LOCATION}", the shipped example's` })
    .meta({ accepts: "a lower-case name, at most 40 characters" })
    .describe("the location's name in the workspace, unique in the stack"),
  image: pinnedImage.describe("your image: your code with dagster, dagster-postgres and dagster-k8s at the platform's Dagster version"),
  module: pythonModule.optional().describe("the module that holds your Definitions (dagster api grpc --module-name)"),
  package: pythonModule.optional().describe("the installed package that holds them (--package-name)"),
  workingDirectory: z
    .string()
    .regex(/^\/\S*$/, { error: "an absolute path in the image, such as /opt/app" })
    .optional()
    .describe("the directory the server imports from (--working-directory)"),
  replicas: positiveInt.optional().describe("gRPC server pods (default 1)"),
  resources: resources.optional().describe("the gRPC server's container (default: lakehouse:services.dagster.resources)"),
});

export const dagster = defineService({
  schema: z.strictObject({
    ...base,
    codeLocations: z.array(codeLocation).max(30).describe("your code locations, each its own gRPC server Deployment registered in the workspace"),
    exampleCodeLocation: z.boolean().describe(`ship the example location "${EXAMPLE_CODE_LOCATION}": an asset that writes an Iceberg table through Trino (needs Trino)`),
    ...metricsExporter,
    external: externalHost.optional(),
  }),
  images: { dagster: "docker.io/dagster/dagster-celery-k8s:1.11.9" },
  defaults: (pick, environment) => ({
    // Off on a laptop: Airflow is the dev stack's orchestrator.
    enabled: environment !== "dev",
    replicas: pick(1, 2, 2),
    resources: pick(size("250m", "512Mi", "500m", "1Gi"), size("500m", "1Gi", "1", "2Gi"), size("1", "2Gi", "2", "4Gi")),
    // The GraphQL exporter: one small Python process that asks the webserver once per scrape.
    metricsResources: size("10m", "48Mi", "100m", "96Mi"),
    codeLocations: [],
    // The example is one small server; a production stack runs only its own code.
    exampleCodeLocation: pick(true, true, false),
  }),
  endpoints: ["dagster"],
  metrics: true,
  namespace: "workflows",
  dependsOn: [
    { service: "postgres", binding: "database" },
    { service: "objectStore", binding: "objectStore", optional: true },
    // Assets query Trino over its in-cluster port.
    { service: "trino", binding: "query", optional: true },
  ],
  ui: true,
  // K8sRunLauncher starts a Job per run.
  serviceAccounts: [{ name: "dagster", apiAccess: "launch-jobs" }],
  credentials: [{ secretName: "dagster-database", keys: { username: { value: "dagster" }, password } }],
});
