// The process node's own unit tests (Go: the image table, argv and environment rules, identity,
// restart backoff, pod phases), run with the Go toolchain that builds it.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

it("passes the process node's Go unit tests", async () => {
  const { stdout } = await run("go", ["test", "-count=1", "./..."], { cwd: join(__dirname, "..", "..", "scripts", "process-node"), env: { ...process.env, GOFLAGS: "-buildvcs=false" } });
  expect(stdout).toMatch(/^ok\s+lakehouse\.local\/process-node/m);
}, 600_000);
