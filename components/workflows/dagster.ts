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
import { DAGSTER_PATHS, DAGSTER_PORTS, type PodEnvVar, renderDagsterYaml, renderWorkspaceYaml, userCodeContainerContext } from "./dagsterConfig";
import {
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
  /** Present: the code location and its runs get the consumer's key and the store's address. */
  objectStore?: ObjectStoreBinding;
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
    const { service, objectStore } = args;
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
      userCode: `${name}-user-code`,
      exporter: `${name}-exporter`,
    };
    const image = service.image("dagster");
    this.webserver = inClusterEndpoint(names.webserver, namespace, DAGSTER_PORTS.webserver);
    const userCodeHost = inClusterEndpoint(names.userCode, namespace, DAGSTER_PORTS.userCode).host;
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
    const workspaceYaml = userCodeHost.apply(renderWorkspaceYaml);
    const instance = configFiles(names.instance, "instance", { [INSTANCE_FILE]: instanceYaml });
    const workspace = configFiles(names.workspace, "workspace", { [WORKSPACE_FILE]: workspaceYaml });
    const userCodeFiles = configFiles(names.userCodeFiles, "user-code", { [USER_CODE_FILE]: EXAMPLE_DEFINITIONS });
    const exporterFiles = configFiles(names.exporter, "metrics", { [DAGSTER_EXPORTER_FILE]: DAGSTER_EXPORTER });

    // Each pod mounts what it reads (the containers say where); a changed file rolls those pods.
    const shared = {
      instance: { files: instance, volumeName: "instance" },
      workspace: { files: workspace, volumeName: "workspace" },
      code: { files: userCodeFiles, volumeName: "user-code" },
      exporter: { files: exporterFiles, volumeName: "exporter" },
    };
    const base: DagsterContainerBase = {
      image,
      env: dagsterEnvironment(database),
      volumeMounts: [{ name: "instance", mountPath: `${DAGSTER_PATHS.home}/${INSTANCE_FILE}`, subPath: INSTANCE_FILE, readOnly: true }],
    };
    // The webserver (terminating runs) and the daemon (launching them) call the API; the code server does not.
    const identity = (apiAccess: boolean): PodIdentity => ({ service: "dagster", uid: DAGSTER_UID, serviceAccountName, apiAccess });
    const servers = { namespace, app: APP, sharedConfig: [shared.instance, shared.workspace] };

    const migrate = new Task(
      `${name}-migrate`,
      { namespace, app: APP, component: "migrate", identity: identity(false), container: migrateContainer(base, settings.resources), volumes: [instance.volume(shared.instance.volumeName)] },
      { parent: this, dependsOn: [instance.configMap, ...database.ready] },
    );
    const afterMigrate = { parent: this, dependsOn: [migrate] };

    const codeEnv = objectStore ? dagsterObjectStoreEnvironment(objectStore) : [];
    const userCode = new Workload(
      names.userCode,
      {
        namespace,
        app: APP,
        component: "user-code",
        replicas: 1,
        identity: identity(false),
        containers: [
          userCodeContainer(base, settings.resources, {
            codeVolume: shared.code.volumeName,
            image,
            containerContext: runPodEnv(codeEnv).apply((env) => userCodeContainerContext(names.userCodeFiles, env)),
            extraEnv: codeEnv,
          }),
        ],
        sharedConfig: [shared.instance, shared.code],
      },
      { parent: this, dependsOn: [migrate, ...(objectStore?.ready ?? [])] },
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

    this.ready = [webserver.workload, daemon.workload, userCode.workload];
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
