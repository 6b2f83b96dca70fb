import { garagePeerHost, garageToml } from "./garageConfig";
import { nodeKeyFromRandom, nodeKeyFromSeed } from "./garageNodeKey";

it("derives Garage's node key file and node id from a seed (RFC 8032, test 1)", () => {
  const seed = Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex");
  const key = nodeKeyFromSeed(seed);
  expect(key.publicKeyHex).toBe("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  expect(key.secretKey.toString("hex")).toBe(seed.toString("hex") + key.publicKeyHex);
});

it("turns stored random bytes of any length into a stable 32-byte seed", () => {
  const once = nodeKeyFromRandom(Buffer.alloc(32, 7).toString("base64"));
  expect(nodeKeyFromRandom(Buffer.alloc(32, 7).toString("base64"))).toEqual(once);
  expect(nodeKeyFromRandom("c2VjcmV0K2J5dGVzLw==").secretKey).toHaveLength(64);
});

it("names every node by its DNS name and keeps secrets out of garage.toml", () => {
  const toml = garageToml({
    replicationFactor: 3,
    region: "garage",
    bootstrapPeers: [0, 1, 2].map((ordinal) => `${"ab".repeat(32)}@${garagePeerHost("garage", ordinal, "lakehouse-platform")}:3901`),
  });
  expect(toml).toContain("replication_factor = 3");
  expect(toml).toContain(`"${"ab".repeat(32)}@garage-2.garage.lakehouse-platform.svc.cluster.local:3901",`);
  expect(toml).not.toMatch(/^\s*(rpc_secret|admin_token|metrics_token)\w* =/m);
});
