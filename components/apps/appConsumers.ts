// Your apps as consumers of the platform's services: what PostgreSQL, the object store and Valkey
// are handed besides their descriptors' consumers. An app with a database binding gets its
// credentials generated here (role and database named after it, in its own namespace), before
// the database exists, as the foundation does for the platform's services.
import type * as pulumi from "@pulumi/pulumi";
import type { AppConfig } from "../../stacks";
import { GeneratedSecret } from "../kit/generatedSecret";
import type { ServiceConsumer } from "../kit/serviceContext";

export interface AppConsumers {
  database: ServiceConsumer[];
  objectStore: ServiceConsumer[];
  cache: ServiceConsumer[];
}

export function appConsumers(apps: readonly AppConfig[], namespace: pulumi.Output<string>, opts: pulumi.ComponentResourceOptions): AppConsumers {
  const consumer = (app: AppConfig, credentials: Record<string, GeneratedSecret> = {}): ServiceConsumer => ({ name: app.name, namespaceRole: "services", namespace, credentials });
  return {
    database: apps
      .filter((app) => app.bindings?.database)
      .map((app) => {
        const secretName = `${app.name}-database`;
        const labels = { "app.kubernetes.io/name": app.name, "app.kubernetes.io/part-of": "lakehouse" };
        return consumer(app, { [secretName]: new GeneratedSecret(secretName, { namespace, secretName, labels, keys: { username: { value: app.name }, password: { length: 32 } } }, opts) });
      }),
    objectStore: apps.filter((app) => app.bindings?.objectStore).map((app) => consumer(app)),
    cache: apps.filter((app) => app.bindings?.cache).map((app) => consumer(app)),
  };
}
