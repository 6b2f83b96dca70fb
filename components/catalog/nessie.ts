// Nessie: the Iceberg catalog, with its commits in PostgreSQL and table data in the object store.
// It serves the Iceberg REST API at /iceberg, which is what the query and orchestration layers use;
// or the catalog is an external Nessie (or any Iceberg REST service) by DNS name.
import * as pulumi from "@pulumi/pulumi";
import { type DatabaseBinding, type ObjectStoreBinding, required, type ScrapeTarget, type WebUi } from "../kit/bindings";
import { type Endpoint, configuredExternalEndpoint, httpUrl, inClusterEndpoint } from "../kit/endpoint";
import type { ServiceContext } from "../kit/serviceContext";
import type { Published } from "../kit/published";
import { probeTriple } from "../kit/probes";
import { Workload } from "../kit/workload";
import { nessieProperties, nessieSecretEnvironment } from "./nessieEnvironment";

export interface CatalogArgs {
  service: ServiceContext<"nessie">;
  /** Required in-cluster; an external catalog has its own. */
  database?: DatabaseBinding;
  objectStore?: ObjectStoreBinding;
  /** The warehouse (bucket) consumers name, when no object store binding gives it (an external catalog). */
  warehouse: string;
}

const HTTP_PORT = 19120;
const MANAGEMENT_PORT = 9000;
// The image's user: its Dockerfile (tools/dockerbuild/docker/Dockerfile-server) adds nessie
// 10000:10001 and owns /deployments and /home/nessie by it; UBI's jboss (185) owns neither.
const NESSIE_UID = 10000;
const NESSIE_GID = 10001;
const quarkusHealth = (check: "live" | "ready" | "started") => ({ httpGet: { path: `/q/health/${check}`, port: "management" } });

export class Catalog extends pulumi.ComponentResource {
  readonly endpoint: Endpoint;
  /** The Iceberg REST catalog URI consumers configure (…/iceberg). */
  readonly icebergRestUri: pulumi.Output<string>;
  /** The warehouse name consumers pass to the REST catalog. */
  readonly warehouse: string;
  readonly webUi?: WebUi;
  readonly scrapeTargets: ScrapeTarget[];
  /** What consumers wait for: the running catalog (nothing for an external one). */
  readonly ready: pulumi.Resource[] = [];

  /** Its endpoints, UIs and scrape targets, as its descriptor names them (components/kit/published.ts). */
  get published(): Published {
    return { endpoints: { icebergRest: this.icebergRestUri }, webUis: this.webUi ? [this.webUi] : [], scrapeTargets: this.scrapeTargets };
  }

  constructor(name: string, args: CatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:catalog:Catalog", name, {}, opts);
    const { service } = args;
    const { settings, namespace } = service;
    this.warehouse = args.objectStore?.warehouseBucket ?? args.warehouse;

    if (settings.mode === "external") {
      this.endpoint = configuredExternalEndpoint("nessie", settings.external);
      this.scrapeTargets = [];
    } else {
      const database = required(args.database, "a database binding");
      const objectStore = required(args.objectStore, "an object store binding");
      const properties = nessieProperties({ database, objectStore });
      const nessie = new Workload(
        name,
        {
          namespace,
          app: "nessie",
          component: "catalog",
          replicas: settings.replicas,
          identity: { service: "nessie", uid: NESSIE_UID, gid: NESSIE_GID, serviceAccountName: service.serviceAccounts.nessie, apiAccess: false },
          containers: [
            {
              name: "nessie",
              image: service.image("nessie"),
              ports: [
                { name: "http", containerPort: HTTP_PORT },
                { name: "management", containerPort: MANAGEMENT_PORT },
              ],
              env: nessieSecretEnvironment({ database, objectStore }),
              // Quarkus health: live once started, ready once the version store answers.
              probes: probeTriple({ liveness: quarkusHealth("live"), readiness: quarkusHealth("ready"), startup: quarkusHealth("started") }),
              resources: settings.resources,
            },
          ],
          servicePorts: ["http", "management"],
          config: { files: { "application.properties": properties }, mountPath: "/deployments/config" },
        },
        { parent: this, dependsOn: [...database.ready, ...objectStore.ready] },
      );
      this.ready = [nessie.workload];
      this.endpoint = inClusterEndpoint(nessie.serviceName, namespace, HTTP_PORT);
      this.webUi = { name, namespace, serviceName: nessie.service.metadata.name, port: HTTP_PORT };
      this.scrapeTargets = [nessie.scrapeTarget(name, "management", "/q/metrics")];
    }
    this.icebergRestUri = httpUrl(this.endpoint, "/iceberg");
    this.registerOutputs({ endpoint: this.endpoint, icebergRestUri: this.icebergRestUri, warehouse: this.warehouse });
  }
}
