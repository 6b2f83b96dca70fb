/** The real-engine suite (npm run test:e2e): one file at a time, against the local control plane. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  maxWorkers: 1,
};
