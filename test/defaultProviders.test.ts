// Default providers are disabled for every provider package the program depends on, so no
// resource can reach an ambient cluster or cloud account. "*" is wrong: it also disables the
// in-process dynamic provider (pulumi-nodejs) that drives kind, which the real engine refuses.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { STACKS, stackFileConfig } from "./stackFiles";

const providerPackages = Object.keys(JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")).dependencies)
  .filter((name) => name.startsWith("@pulumi/") && !["@pulumi/pulumi", "@pulumi/policy"].includes(name))
  .map((name) => name.slice("@pulumi/".length))
  .sort();

const stackFiles: Array<[string, string]> = [...STACKS.map((stack): [string, string] => [stack, join(__dirname, "..")]), ["e2e", join(__dirname, "e2e")], ["e2e-kind", join(__dirname, "e2e")]];

it.each(stackFiles)("Pulumi.%s.yaml disables the default provider of every provider package, and only those", (stack, dir) => {
  const config = stackFileConfig(stack, dir);
  expect([...(config["pulumi:disable-default-providers"] as string[])].sort()).toEqual(providerPackages);
});
