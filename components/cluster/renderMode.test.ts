import * as pulumi from "@pulumi/pulumi";
import { RENDERED_WITHOUT_DATA, renderTransformation } from "./renderMode";

const resolved = (value: unknown) => new Promise<unknown>((resolve) => pulumi.output(value as pulumi.Input<Record<string, unknown>>).apply(resolve));
const custom = Object.create(pulumi.CustomResource.prototype) as pulumi.CustomResource;
const component = Object.create(pulumi.ComponentResource.prototype) as pulumi.ComponentResource;

beforeAll(() => pulumi.runtime.setMocks({ newResource: (args) => ({ id: args.name, state: args.inputs }), call: (args) => args.inputs }));

it("writes a Secret without its payload, marked, and named by its resource when it had no name", async () => {
  const result = renderTransformation({
    resource: custom,
    type: "kubernetes:core/v1:Secret",
    name: "garage-node-keys",
    props: { metadata: { namespace: pulumi.output("lakehouse-platform") }, type: "Opaque", stringData: pulumi.secret({ key: "value" }), data: { other: "dmFsdWU=" } },
    opts: {},
  });
  expect(result?.props.stringData).toBeUndefined();
  expect(result?.props.data).toBeUndefined();
  expect(result?.props.type).toBe("Opaque");
  expect(await resolved(result?.props.metadata)).toEqual({ namespace: "lakehouse-platform", name: "garage-node-keys", annotations: { [RENDERED_WITHOUT_DATA]: "true" } });
});

it("keeps a given name, and leaves everything but Secrets' payloads alone", async () => {
  const spec = { replicas: 2 };
  const result = renderTransformation({ resource: custom, type: "kubernetes:apps/v1:Deployment", name: "trino", props: { metadata: { name: "trino", labels: { a: "b" } }, spec }, opts: {} });
  expect(result?.props.spec).toBe(spec);
  expect(await resolved(result?.props.metadata)).toEqual({ name: "trino", labels: { a: "b" } });
});

it("fixes a generated name (a random suffix would change on every render) to the resource's name", async () => {
  const result = renderTransformation({ resource: custom, type: "kubernetes:core/v1:ConfigMap", name: "trino-config", props: { metadata: { namespace: "ns" }, data: { a: "b" } }, opts: {} });
  expect(await resolved(result?.props.metadata)).toEqual({ namespace: "ns", name: "trino-config" });
  expect(result?.props.data).toEqual({ a: "b" });
});

it("passes components and other providers' resources through", () => {
  expect(renderTransformation({ resource: component, type: "lakehouse:kit:GeneratedSecret", name: "x", props: {}, opts: {} })).toBeUndefined();
  expect(renderTransformation({ resource: custom, type: "random:index/randomPassword:RandomPassword", name: "x", props: {}, opts: {} })).toBeUndefined();
});
