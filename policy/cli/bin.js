#!/usr/bin/env node
// Entry point of `npx lakehouse-contract`: the policies are TypeScript, transpiled on load with the
// project's own TypeScript compiler (no type check: `npm test` does that).
const fs = require("node:fs");
const ts = require("typescript");

require.extensions[".ts"] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};

process.exitCode = require("./main.ts").main(process.argv.slice(2));
