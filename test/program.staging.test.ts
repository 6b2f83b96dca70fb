import { describePlatform } from "./platformAssertions";

describe("the staging stack under mocks", () => describePlatform("staging"));
