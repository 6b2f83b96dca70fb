/** The data-plane suite (npm run test:dataplane): the local stack on the process node, for real. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test/dataplane"],
  testMatch: ["**/*.dataplane.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  maxWorkers: 1,
};
