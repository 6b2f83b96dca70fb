import { describePlatform } from "./platformAssertions";

describe("the prod stack under mocks", () => describePlatform("prod"));
