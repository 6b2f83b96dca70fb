/** Unit tests sit next to the code they test; whole-program tests live in test/. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/components", "<rootDir>/stacks", "<rootDir>/policy", "<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/test/e2e/", "/test/dataplane/"],
  // ts-jest transpiles only (isolatedModules in tsconfig.json): `npm test` type-checks the whole
  // tree with tsc first, once, which is far faster than per test file.
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
};
