// Dagster with its storage in PostgreSQL and each run launched as a Kubernetes Job (K8sRunLauncher,
// ServiceAccount "dagster", in the workflows namespace), from raw manifests through the workload kit.
// A migrate Task runs first; then the webserver, the daemon and an example code location's gRPC
// server, which the workspace names by DNS. In external mode nothing is deployed.
import * as pulumi from "@pulumi/pulumi";
import { type DatabaseBinding, type ObjectStoreBinding, required, type ScrapeTarget, type WebUi } from "../kit/bindings";
import { ConfigFiles } from "../kit/configFiles";
import { type Endpoint, configuredExternalEndpoint, httpUrl, inClusterEndpoint } from "../kit/endpoint";
import type { ServiceContext } from "../kit/serviceContext";
import type { Published } from "../kit/published";
import { type EnvVar, type PodIdentity, standardLabels } from "../kit/podSpec";
import { Task } from "../kit/task";
import { Workload } from "../kit/workload";
import { secretKey } from "./bindingSecrets";
import { EXAMPLE_CODE_LOCATION, type Resources } from "../../stacks";
import { DAGSTER_PATHS, DAGSTER_PORTS, type PodEnvVar, renderDagsterYaml, renderWorkspaceYaml, userCodeContainerContext } from "./dagsterConfig";
import {
  type CodeTarget,
  daemonContainer,
  type DagsterContainerBase,
  dagsterEnvironment,
  dagsterObjectStoreEnvironment,
  exporterContainer,
  migrateContainer,
  userCodeContainer,
  webserverContainer,
} from "./dagsterContainers";
import { DAGSTER_EXPORTER, DAGSTER_EXPORTER_FILE } from "./dagsterExporter";
import { EXAMPLE_DEFINITIONS, USER_CODE_FILE } from "./dagsterFiles";

export interface DagsterArgs {
  service: ServiceContext<"dagster">;
  /** Run, event-log and schedule storage; its Secret is in the workflows namespace. */
  /** Required in-cluster. */
  database?: DatabaseBinding;
  /** Present: the code locations and their runs get the consumer's key and the store's address. */
  objectStore?: ObjectStoreBinding;
  /** Trino's in-cluster endpoint, handed to code and runs as LAKEHOUSE_TRINO_URL (the example asset queries it). */
  trino?: Endpoint;
}

/** One gRPC code server: the shipped example, or one of lakehouse:services.dagster.codeLocations. */
interface CodeLocation {
  locationName: string;
  /** Its Deployment and Service. */
  serverName: string;
  image: string;
  target: CodeTarget;
  replicas: number;
  resources: Resources;
  /** The example's Python file, from a ConfigMap. */
  files?: ConfigFiles;
}

const APP = "dagster";
// The dagster images run as root by default; any uid works, with HOME and DAGSTER_HOME writable.
const DAGSTER_UID = 10001;
const INSTANCE_FILE = "dagster.yaml";
const WORKSPACE_FILE = "workspace.yaml";

export class Dagster extends pulumi.ComponentResource {
  /** The webserver: UI and GraphQL API. */
  readonly webserver: Endpoint;
  /** What the edge layer publishes as dagster.<domain>; none in external mode. */
  readonly webUi?: WebUi;
  /** Runs by status and daemon health, from the webserver pod's metrics sidecar (dagsterExporter.ts). */
  readonly scrapeTargets: ScrapeTarget[] = [];
  /** What consumers wait for: the running webserver and daemon. */
  readonly ready: pulumi.Resource[] = [];

  /** Its endpoints, UIs and scrape targets, as its descriptor names them (components/kit/published.ts). */
  get published(): Published {
    return { endpoints: { dagster: httpUrl(this.webserver) }, webUis: this.webUi ? [this.webUi] : [], scrapeTargets: this.scrapeTargets };
  }

  constructor(name: string, args: DagsterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:workflows:Dagster", name, {}, opts);
    const { service, objectStore, trino } = args;
    const { settings } = service;
    if (!settings.enabled) throw new Error("lakehouse:services.dagster is disabled: declare Dagster only when it is enabled");

    if (settings.mode === "external") {
      this.webserver = configuredExternalEndpoint("dagster", settings.external);
      this.registerOutputs({ webserver: this.webserver });
      return;
    }

    const database = required(args.database, "a database binding");
    const { namespace } = service;
    const serviceAccountName = service.serviceAccounts.dagster;
    if (!serviceAccountName) throw new Error("the foundation has no dagster ServiceAccount: is Dagster enabled in-cluster?");
    const names = {
      instance: `${name}-instance`,
      workspace: `${name}-workspace`,
      userCodeFiles: `${name}-user-code-files`,
      webserver: `${name}-webserver`,
      daemon: `${name}-daemon`,
      // The example's server kept its first name, so a deployed one stays in place.
      exampleServer: `${name}-user-code`,
      exporter: `${name}-exporter`,
    };
    const image = service.image("dagster");
    this.webserver = inClusterEndpoint(names.webserver, namespace, DAGSTER_PORTS.webserver);
    // Fixed names: run pods and the code server's container context read them by name.
    const configFiles = (resourceName: string, component: string, files: Record<string, pulumi.Input<string>>) =>
      new ConfigFiles(resourceName, { name: resourceName, namespace, labels: standardLabels(APP, component, resourceName), files }, { parent: this });

    const passwordKeys = { username: secretKey(database.secret, "username").key, password: secretKey(database.secret, "password").key };
    const instanceYaml = pulumi.all([database.endpoint.host, namespace, serviceAccountName]).apply(([host, ns, account]) =>
      renderDagsterYaml({
        database: { host, port: database.endpoint.port, name: database.database, tls: database.endpoint.tls },
        databaseSecret: { name: database.secret.name, usernameKey: passwordKeys.username, passwordKey: passwordKeys.password },
        namespace: ns,
        serviceAccountName: account,
        instanceConfigMap: names.instance,
        run: { resources: settings.resources, uid: DAGSTER_UID },
      }),
    );
    const instance = configFiles(names.instance, "instance", { [INSTANCE_FILE]: instanceYaml });
    const locations: CodeLocation[] = [
      ...(settings.exampleCodeLocation
        ? [
            {
              locationName: EXAMPLE_CODE_LOCATION,
              serverName: names.exampleServer,
              image,
              target: { pythonFile: `${DAGSTER_PATHS.app}/${USER_CODE_FILE}` },
              replicas: 1,
              resources: settings.resources,
              files: configFiles(names.userCodeFiles, "user-code", { [USER_CODE_FILE]: EXAMPLE_DEFINITIONS }),
            },
          ]
        : []),
      ...settings.codeLocations.map((location): CodeLocation => ({
        locationName: location.name,
        serverName: `${name}-code-${location.name}`,
        image: location.image,
        target: location.module
          ? { module: location.module, workingDirectory: location.workingDirectory }
          : { package: required(location.package, `code location ${location.name}'s package`), workingDirectory: location.workingDirectory },
        replicas: location.replicas ?? 1,
        resources: location.resources ?? settings.resources,
      })),
    ];
    const workspaceYaml = pulumi
      .all(locations.map((location) => inClusterEndpoint(location.serverName, namespace, DAGSTER_PORTS.userCode).host))
      .apply((hosts) => renderWorkspaceYaml(locations.map((location, index) => ({ locationName: location.locationName, host: hosts[index] }))));
    const workspace = configFiles(names.workspace, "workspace", { [WORKSPACE_FILE]: workspaceYaml });
    const exporterFiles = configFiles(names.exporter, "metrics", { [DAGSTER_EXPORTER_FILE]: DAGSTER_EXPORTER });

    // Each pod mounts what it reads (the containers say where); a changed file rolls those pods.
    const shared = {
      instance: { files: instance, volumeName: "instance" },
      workspace: { files: workspace, volumeName: "workspace" },
      exporter: { files: exporterFiles, volumeName: "exporter" },
    };
    const base: DagsterContainerBase = {
      image,
      env: dagsterEnvironment(database),
      volumeMounts: [{ name: "instance", mountPath: `${DAGSTER_PATHS.home}/${INSTANCE_FILE}`, subPath: INSTANCE_FILE, readOnly: true }],
    };
    // The webserver (terminating runs), the daemon (launching them) and the migration (which builds
    // the run launcher) call the API; the code servers do not.
    const identity = (apiAccess: boolean): PodIdentity => ({ service: "dagster", uid: DAGSTER_UID, serviceAccountName, apiAccess });
    const servers = { namespace, app: APP, sharedConfig: [shared.instance, shared.workspace] };

    // `dagster instance migrate` builds the instance's run launcher too, and K8sRunLauncher reads
    // the in-cluster config when built: the Task needs the ServiceAccount's token (found on the
    // process node: without it the Job fails with "Service token file does not exist").
    const migrate = new Task(
      `${name}-migrate`,
      { namespace, app: APP, component: "migrate", identity: identity(true), container: migrateContainer(base, settings.resources), volumes: [instance.volume(shared.instance.volumeName)] },
      { parent: this, dependsOn: [instance.configMap, ...database.ready] },
    );
    const afterMigrate = { parent: this, dependsOn: [migrate] };

    // Code and its runs get the object store's key and Trino's address, whoever wrote the code.
    const codeEnv = [...(objectStore ? dagsterObjectStoreEnvironment(objectStore) : []), ...(trino ? [{ name: "LAKEHOUSE_TRINO_URL", value: httpUrl(trino) }] : [])];
    const codeServers = locations.map(
      (location) =>
        new Workload(
          location.serverName,
          {
            namespace,
            app: APP,
            component: "user-code",
            replicas: location.replicas,
            identity: identity(false),
            containers: [
              userCodeContainer(base, location.resources, {
                codeVolume: location.files && "user-code",
                image: location.image,
                target: location.target,
                containerContext: runPodEnv(codeEnv).apply((env) => userCodeContainerContext(location.files ? names.userCodeFiles : undefined, env)),
                extraEnv: codeEnv,
              }),
            ],
            sharedConfig: [shared.instance, ...(location.files ? [{ files: location.files, volumeName: "user-code" }] : [])],
          },
          { parent: this, dependsOn: [migrate, ...(objectStore?.ready ?? [])] },
        ),
    );
    const webserver = new Workload(
      names.webserver,
      {
        ...servers,
        component: "webserver",
        replicas: settings.replicas,
        identity: identity(true),
        containers: [webserverContainer(base, settings.resources, shared.workspace.volumeName), exporterContainer(image, shared.exporter.volumeName, settings.metricsResources)],
        sharedConfig: [shared.instance, shared.workspace, shared.exporter],
        servicePorts: ["http", "metrics"],
      },
      afterMigrate,
    );
    const daemon = new Workload(
      names.daemon,
      {
        ...servers,
        component: "daemon",
        // Dagster's daemon must run alone, and serves nothing: no Service.
        replicas: 1,
        singleton: true,
        service: false,
        identity: identity(true),
        containers: [daemonContainer(base, settings.resources, shared.workspace.volumeName)],
      },
      // It was a lakehouse:workflows:Daemon: the alias keeps a deployed one in place.
      { ...afterMigrate, aliases: [{ type: "lakehouse:workflows:Daemon" }] },
    );

    this.ready = [webserver.workload, daemon.workload, ...codeServers.map((server) => server.workload)];
    this.scrapeTargets = [webserver.scrapeTarget(name, "metrics", "/metrics")];
    this.webUi = { name, namespace, serviceName: webserver.service.metadata.name, port: DAGSTER_PORTS.webserver };
    this.registerOutputs({ webserver: this.webserver, webUi: this.webUi, scrapeTargets: this.scrapeTargets });
  }
}

/** The kit's environment as Kubernetes writes it, for run pods the launcher creates. */
function runPodEnv(env: EnvVar[]): pulumi.Output<PodEnvVar[]> {
  return pulumi.all(
    env.map((variable): pulumi.Output<PodEnvVar> => {
      if ("value" in variable) return pulumi.output(variable.value).apply((value) => ({ name: variable.name, value }));
      if ("secret" in variable) return pulumi.output({ name: variable.name, valueFrom: { secretKeyRef: variable.secret } });
      throw new Error(`run pods take values and Secret keys only, not ${variable.name}'s source`);
    }),
  );
}
