// docs/configuration.md's reference is generated from the schema: it must match what the
// generator renders now, and every key must say what it means.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { stackConfig } from "../stacks/schema";
import { DOC, renderConfigReference, withReference } from "../scripts/configDocs";

it("is not stale: run npm run docs:config after changing the schema", () => {
  const document = readFileSync(DOC, "utf8");
  expect(withReference(document, renderConfigReference())).toBe(document);
});

it("describes every key in the schema", () => {
  const undescribed: string[] = [];
  const walk = (node: any, path: string, described: boolean) => {
    const here = described || typeof node.description === "string";
    if (node.type === "object" && node.properties && !node.accepts) {
      for (const [key, child] of Object.entries(node.properties)) walk(child, path ? `${path}.${key}` : key, false);
    } else if (node.type === "array" && node.items?.properties) {
      for (const [key, child] of Object.entries(node.items.properties)) walk(child, `${path}[].${key}`, false);
    } else if (!here) undescribed.push(path);
  };
  walk(z.toJSONSchema(stackConfig, { unrepresentable: "any", io: "input" }), "", true);
  expect(undescribed).toEqual([]);
});

it("fails on a stale document", () => {
  const document = readFileSync(DOC, "utf8");
  const stale = document.replace("the cluster's name", "the name of the cluster");
  expect(stale).not.toBe(document);
  expect(withReference(stale, renderConfigReference())).not.toBe(stale);
});
