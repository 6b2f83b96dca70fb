/** The data-plane suite (npm run test:dataplane): the local stack on the process node, for real. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/dataplane"],
  testMatch: ["**/*.dataplane.test.ts"],
  transform: require("./test/swcTransform"),
  maxWorkers: 1,
};
