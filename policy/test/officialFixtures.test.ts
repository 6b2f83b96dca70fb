// The official Pod Security fixtures (k8s.io/pod-security-admission, test/testdata): for every
// Kubernetes version from 1.28 to the newest the pinned module carries, baseline and restricted,
// every pod the admission controller admits passes our controls and every pod it refuses fails
// one. scripts/toolchain/psa-fixtures.sh fetches the module into Go's cache.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { main } from "../cli/main";

const SELECT = { baseline: "pss-baseline", restricted: "pss-baseline,pss-restricted" } as const;
const OLDEST_MINOR = 28;

let testdata: string;
let minors: number[];
beforeAll(() => {
  testdata = execFileSync("bash", [join(__dirname, "..", "..", "scripts", "toolchain", "psa-fixtures.sh")], { encoding: "utf8" }).trim();
  minors = readdirSync(join(testdata, "baseline"))
    .map((name) => /^v1\.(\d+)$/.exec(name)?.[1])
    .filter((minor): minor is string => minor !== undefined)
    .map(Number)
    .filter((minor) => minor >= OLDEST_MINOR)
    .sort((a, b) => a - b);
}, 120_000);

/** The fixtures of one level, version and verdict that our mandatory findings misjudge. */
function misjudged(level: keyof typeof SELECT, minor: number, verdict: "pass" | "fail"): { judged: number; wrong: string[] } {
  const dir = join(testdata, level, `v1.${minor}`, verdict);
  let out = "";
  main(["lint", "--format", "json", "--select", SELECT[level], "--k8s-version", `1.${minor}`, dir], (text) => (out += text));
  const report = JSON.parse(out) as { findings: Array<{ file: string; policy: string; enforcementLevel: string }>; errors: unknown[] };
  const refused = new Set(report.findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => basename(f.file)));
  const files = readdirSync(dir).filter((file) => file.endsWith(".yaml"));
  const wrong = files.filter((file) => (verdict === "pass" ? refused.has(file) : !refused.has(file))).map((file) => `${level} v1.${minor} ${verdict}/${file}`);
  if (report.errors.length) wrong.push(`${level} v1.${minor} ${verdict}: read errors ${JSON.stringify(report.errors)}`);
  return { judged: files.length, wrong };
}

it("carries every version from 1.28 to at least 1.37", () => {
  expect(minors[0]).toBe(OLDEST_MINOR);
  expect(minors[minors.length - 1]).toBeGreaterThanOrEqual(37);
  expect(minors).toEqual(Array.from({ length: minors.length }, (_, i) => OLDEST_MINOR + i));
});

it.each(["baseline", "restricted"] as const)("judges every %s fixture as admission does, in every version", (level) => {
  const wrong: string[] = [];
  for (const minor of minors) {
    for (const verdict of ["pass", "fail"] as const) {
      const result = misjudged(level, minor, verdict);
      expect(result.judged).toBeGreaterThan(0);
      wrong.push(...result.wrong);
    }
  }
  expect(wrong).toEqual([]);
});
