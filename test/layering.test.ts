// The layering (.dependency-cruiser.cjs) holds for this repository, and the tool does fail on a
// forbidden import: fixtures laid out like the repository break each rule once.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = join(__dirname, "..");
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");
const DEPCRUISE = join(ROOT, "node_modules/.bin/depcruise");

/** The rule names dependency-cruiser reports for these paths, run from `cwd`. */
async function violations(cwd: string, paths: string[]): Promise<string[]> {
  const result = await run(DEPCRUISE, ["--config", CONFIG, "--output-type", "json", ...paths], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch((error) => error);
  const report = JSON.parse(result.stdout);
  return report.summary.violations.map((v: { rule: { name: string }; from: string; to: string }) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

it("holds for the whole repository", async () => {
  expect(await violations(ROOT, ["index.ts", "components", "stacks", "policy", "test", "scripts"])).toEqual([]);
}, 60_000);

describe("a forbidden import", () => {
  let fixture: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), text);
  };
  beforeAll(() => {
    fixture = mkdtempSync(join(tmpdir(), "layering-"));
    write("policy/lib/quantity.ts", 'import { defaults } from "../../stacks/defaults";\nexport const q = defaults;\n');
    write("stacks/defaults.ts", 'import { Workload } from "../components/kit/workload";\nexport const defaults = Workload;\n');
    write("components/kit/workload.ts", 'import { edge } from "../edge/edge";\nexport const Workload = edge;\n');
    write("components/edge/edge.ts", 'import { rule } from "../../policy/rules/rule";\nimport { helper } from "../../test/support/helper";\nexport const edge = [rule, helper];\n');
    write("policy/rules/rule.ts", 'import { config } from "../../stacks/config";\nexport const rule = config;\n');
    write("stacks/config.ts", "export const config = 1;\n");
    write("test/support/helper.ts", "export const helper = 1;\n");
    write("components/data/a.ts", 'import { b } from "./b";\nexport const a = b;\n');
    write("components/data/b.ts", 'import { a } from "./a";\nexport const b = a;\n');
  });
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  it("fails the check, naming the rule each breaks", async () => {
    const found = await violations(fixture, ["policy", "stacks", "components", "test"]);
    expect(found).toEqual(
      expect.arrayContaining([
        "lib-is-neutral: policy/lib/quantity.ts -> stacks/defaults.ts",
        "stacks-import-only-the-lib: stacks/defaults.ts -> components/kit/workload.ts",
        "kit-is-below-the-layers: components/kit/workload.ts -> components/edge/edge.ts",
        "components-import-kit-stacks-lib: components/edge/edge.ts -> policy/rules/rule.ts",
        "nothing-imports-tests: components/edge/edge.ts -> test/support/helper.ts",
        "policy-imports-only-itself: policy/rules/rule.ts -> stacks/config.ts",
        "no-cycles: components/data/a.ts -> components/data/b.ts",
      ]),
    );
  }, 60_000);
});
