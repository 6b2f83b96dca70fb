import { parseImageReference, unpinnedReason } from "./imageReference";

it.each([
  ["postgres:17.6", { repository: "postgres", tag: "17.6" }],
  ["registry.example:5000/team/app", { registry: "registry.example:5000", repository: "team/app" }],
  ["registry.example:5000/team/app:1.2", { registry: "registry.example:5000", repository: "team/app", tag: "1.2" }],
  ["localhost/app:dev", { registry: "localhost", repository: "app", tag: "dev" }],
  [`ghcr.io/a/b@sha256:${"a".repeat(64)}`, { registry: "ghcr.io", repository: "a/b", digest: `sha256:${"a".repeat(64)}` }],
  [`trinodb/trino:478@sha256:${"b".repeat(64)}`, { repository: "trinodb/trino", tag: "478", digest: `sha256:${"b".repeat(64)}` }],
])("parses %s", (reference, expected) => {
  expect(parseImageReference(reference)).toEqual(expect.objectContaining(expected));
});

it.each([[""], ["a b"], ["app@sha256:short"], ["app:bad tag"], ["app@x@y"], ["/app"]])("refuses %p", (reference) => {
  expect(parseImageReference(reference)).toBeUndefined();
});

it("says why a reference is not pinned", () => {
  expect(unpinnedReason("postgres")).toMatch(/no tag/);
  expect(unpinnedReason("registry.example:5000/app")).toMatch(/no tag/);
  expect(unpinnedReason("postgres:latest")).toMatch(/latest/);
  expect(unpinnedReason("postgres:17.6")).toBeUndefined();
  expect(unpinnedReason(`postgres@sha256:${"c".repeat(64)}`)).toBeUndefined();
});
