#!/usr/bin/env node
// Entry point of `npx lakehouse-contract`. The pack ships compiled (`npm run build` writes dist/).
// In a checkout whose sources are newer than its build, or that has none, the TypeScript sources
// are transpiled on load instead: slower to start, never stale (no type check: the tests do that).
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const compiled = path.join(root, "dist", "cli", "main.js");

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

if (fs.existsSync(compiled) && fs.statSync(compiled).mtimeMs >= newestSource(root)) {
  process.exitCode = require(compiled).main(process.argv.slice(2));
} else {
  const ts = require("typescript");
  require.extensions[".ts"] = (module, filename) => {
    const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    module._compile(outputText, filename);
  };
  process.exitCode = require("./main.ts").main(process.argv.slice(2));
}
