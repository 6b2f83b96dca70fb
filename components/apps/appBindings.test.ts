import * as pulumi from "@pulumi/pulumi";
import { BINDING_ENV, BINDING_SERVICES } from "../../stacks";
import { type AppBindings, bindingEnvironment, boundServices } from "./appBindings";

const endpoint = (host: string, port: number, tls = false) => ({ host: pulumi.output(host), port, tls });
const all: AppBindings = {
  database: {
    endpoint: endpoint("pg.example.internal", 5432, true),
    database: "circle-core",
    secret: { name: "circle-core-database", keys: { username: "username", password: "password" } },
    ready: [],
  },
  objectStore: {
    endpoint: endpoint("s3.example.internal", 3900),
    region: "garage",
    pathStyle: true,
    warehouseBucket: "warehouse",
    secret: { name: "object-store-circle-core", keys: { accessKeyId: "accessKeyId", secretAccessKey: "secretAccessKey" } },
    ready: [],
  },
  cache: { binding: { endpoint: endpoint("valkey.example.internal", 6379), secret: { name: "valkey-auth", keys: { password: "password" } }, ready: [] }, database: 4 },
  trino: endpoint("trino.example.internal", 8080),
};

it("sets exactly the variables BINDING_ENV documents, in its order", () => {
  expect(bindingEnvironment("circle-core", all).map((e) => e.name)).toEqual(Object.values(BINDING_ENV).flat());
  expect(bindingEnvironment("circle-core", { trino: all.trino }).map((e) => e.name)).toEqual(BINDING_ENV.trino);
});

it("hands credentials over as Secret keys only", () => {
  const secrets = bindingEnvironment("circle-core", all)
    .filter((e) => "secret" in e)
    .map((e) => e.name);
  expect(secrets).toEqual(["DATABASE_USER", "DATABASE_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "REDIS_PASSWORD"]);
  const sslMode = bindingEnvironment("circle-core", all).find((e) => e.name === "DATABASE_SSLMODE");
  expect(sslMode).toEqual({ name: "DATABASE_SSLMODE", value: "require" });
});

it("names the services an app's policy must reach", () => {
  expect(boundServices(all)).toEqual(Object.values(BINDING_SERVICES));
  expect(boundServices({})).toEqual([]);
});
