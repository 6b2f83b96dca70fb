/**
 * How every jest suite turns TypeScript into JavaScript: SWC strips the types only. `npm test`
 * type-checks the whole tree with tsc first, once (tsconfig.json has isolatedModules, so
 * per-file transpiling is safe), which is far faster than type-checking per test file.
 */
module.exports = { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] };
