/** Unit tests sit next to the code they test; whole-program tests live in test/. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/components", "<rootDir>/stacks", "<rootDir>/policy", "<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/test/e2e/", "/test/dataplane/"],
  transform: require("./test/swcTransform"),
  // Both cores: the default leaves one idle on a 2-core machine.
  maxWorkers: 2,
};
