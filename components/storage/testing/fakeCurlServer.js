// Serves fakeGarageApi.js to a small shell `curl` (fakeCurlClient.sh) from a worker thread, so a
// script's hundreds of curl calls cost a real curl each (a few milliseconds) instead of a Node.js
// start (about 75 ms). A worker, because the tests run the scripts with spawnSync, which blocks
// the main thread. The request carries curl's arguments (X-Args: NUL-separated, base64), the state
// file (X-State) and standard input (the body); the answer carries the exit code and standard
// error in headers, and standard output as the body.
const http = require("node:http");
const { parentPort } = require("node:worker_threads");
const { fakeCurl } = require("./fakeGarageApi");

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const args = Buffer.from(String(request.headers["x-args"] ?? ""), "base64")
      .toString("utf8")
      .split("\0")
      .slice(0, -1);
    let result;
    try {
      result = fakeCurl(args, () => Buffer.concat(chunks).toString("utf8"), String(request.headers["x-state"]));
    } catch (error) {
      result = { stdout: "", stderr: `fake curl: ${error.stack}\n`, code: 99 };
    }
    response.writeHead(200, { "X-Exit": String(result.code), "X-Stderr": Buffer.from(result.stderr).toString("base64") });
    response.end(result.stdout);
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
parentPort.on("message", (message) => message === "close" && server.close(() => process.exit(0)));
