import * as pulumi from "@pulumi/pulumi";
import { MOCK_BCRYPT_HASH, recordingMocks } from "../../test/support/components";

let record: Awaited<ReturnType<typeof recordingMocks>>;
beforeAll(async () => {
  record = await recordingMocks();
});

const value = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

it("hands out a generated password's bcrypt hash as a secret, and refuses keys that are not generated passwords", async () => {
  const { GeneratedSecret } = await import("./generatedSecret");
  let admin: InstanceType<typeof GeneratedSecret> | undefined;
  await record(() => {
    admin = new GeneratedSecret("trino-admin", { namespace: "lakehouse-platform", secretName: "trino-admin", keys: { username: { value: "admin" }, password: { length: 32 } } });
  });
  const hash = admin!.bcryptHash("password");
  expect(await pulumi.isSecret(hash)).toBe(true);
  expect(await value(hash)).toBe(MOCK_BCRYPT_HASH);
  expect(() => admin!.bcryptHash("username")).toThrow("trino-admin: key username is not a generated password");
});
