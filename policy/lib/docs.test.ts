import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../policies";
import { policiesMarkdown } from "./docs";

it("docs/policies.md is the one generated from the policies' metadata (npm run docs:policies)", () => {
  const committed = readFileSync(join(__dirname, "..", "..", "docs", "policies.md"), "utf8");
  expect(committed).toBe(policiesMarkdown(RULES));
});
