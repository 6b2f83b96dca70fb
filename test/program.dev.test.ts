import { describePlatform } from "./platformAssertions";

describe("the dev stack under mocks", () => describePlatform("dev"));
