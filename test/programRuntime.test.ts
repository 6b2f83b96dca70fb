// `pulumi up` transpiles the program without type-checking it (a second check cost every start
// seconds): safe only while the type check runs elsewhere, in npm test. Both halves are held here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PROGRAM_RUNTIME } from "../scripts/pulumiToolchain";

const REPO = join(__dirname, "..");
const json = (file: string) => JSON.parse(readFileSync(join(REPO, file), "utf8"));

it("runs the program through a tsconfig that skips the type check, the same for workspaces made elsewhere", () => {
  const project = parse(readFileSync(join(REPO, "Pulumi.yaml"), "utf8"));
  expect(project.runtime.options).toMatchObject({ typescript: true, tsconfig: "scripts/tsconfig.pulumi.json" });
  expect(PROGRAM_RUNTIME.options.tsconfig).toBe(join(REPO, "scripts/tsconfig.pulumi.json"));
  // Pulumi reads noCheck from the file itself (it does not follow extends).
  expect(json("scripts/tsconfig.pulumi.json").compilerOptions.noCheck).toBe(true);
});

it("type-checks the whole program in npm test instead", () => {
  const pkg = json("package.json");
  expect(pkg.scripts.build).toBe("tsc --noEmit -p .");
  expect(readFileSync(join(REPO, "scripts/unit.sh"), "utf8")).toMatch(/npm run build|tsc --noEmit -p \./);
  const root = json("tsconfig.json");
  expect(root.compilerOptions.noCheck).toBeUndefined();
  expect(root.include).toEqual(expect.arrayContaining(["index.ts", "components/**/*.ts", "stacks/**/*.ts", "policy/**/*.ts"]));
});
