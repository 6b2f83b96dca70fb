/** The real-engine suite (npm run test:e2e): one file at a time, against the local control plane. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: require("./test/swcTransform"),
  maxWorkers: 1,
};
