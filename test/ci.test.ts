// The ci:* scripts' own logic: the stack's OIDC identity as step outputs (through the npm script
// the workflows call), refused delivery settings, and the pull-request comment of a preview.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deliveryOf, identityOutputs, previewComment } from "../scripts/ci/pulumi";

const ROOT = join(__dirname, "..");

function identity(stack: string): Record<string, string> {
  const output = join(mkdtempSync(join(tmpdir(), "gh-output-")), "out");
  writeFileSync(output, "");
  execFileSync("npm", ["run", "--silent", "ci:identity", "--", "--stack", stack], { cwd: ROOT, env: { ...process.env, GITHUB_OUTPUT: output }, encoding: "utf8" });
  return Object.fromEntries(
    readFileSync(output, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );
}

it("hands the workflow the stack's OIDC identity (npm run ci:identity writes $GITHUB_OUTPUT)", () => {
  const staging = identity("staging");
  expect(staging).toMatchObject({ aws: "true", aws_role_arn: "arn:aws:iam::123456789012:role/lakehouse-staging-deploy", aws_region: "eu-west-1", gcp: "false", azure: "false" });
}, 60_000);

it("reads each stack's identity from its lakehouse:delivery: GCP for prod, none for dev", () => {
  expect(identityOutputs(deliveryOf(ROOT, "prod"))).toMatchObject({ aws: "false", gcp: "true", gcp_service_account: "lakehouse-deploy@acme-lakehouse-prod.iam.gserviceaccount.com", azure: "false" });
  expect(identityOutputs(deliveryOf(ROOT, "dev"))).toMatchObject({ aws: "false", gcp: "false", azure: "false" });
});

it("refuses a delivery block it cannot use, naming the key, the value's problem and what is accepted", () => {
  const dir = mkdtempSync(join(tmpdir(), "delivery-"));
  writeFileSync(join(dir, "Pulumi.x.yaml"), "config:\n  lakehouse:delivery:\n    backend: https://api.pulumi.com\n    secretsProvider: passphrase\n");
  expect(() => deliveryOf(dir, "x")).toThrow(/lakehouse:delivery\.backend: s3:\/\/, gs:\/\/, azblob:\/\/ or file:\/\//);
  writeFileSync(join(dir, "Pulumi.y.yaml"), "config:\n  lakehouse:delivery:\n    backend: s3://b/k\n    secretsProvider: vault\n    oidc: { aws: { roleArn: not-an-arn, region: eu-west-1 } }\n");
  expect(() => deliveryOf(dir, "y")).toThrow(/lakehouse:delivery\.secretsProvider: awskms:\/\/.*; lakehouse:delivery\.oidc\.aws\.roleArn: an IAM role ARN/);
  expect(() => deliveryOf(dir, "missing")).toThrow(/no Pulumi\.missing\.yaml/);
});

it("writes a preview comment that names the verdict and every policy finding, marked per stack", () => {
  const output = [
    "Previewing update (staging):",
    "Policies:",
    "    ❌ lakehouse-contract@v0.1.0 (local: policy)",
    "        - [mandatory]  contract-run-as-non-root  (kubernetes:apps/v1:Deployment: trino)",
    "        - [advisory]  bp-rbac-secret-access  (kubernetes:rbac.authorization.k8s.io/v1:Role: x)",
  ].join("\n");
  const comment = previewComment("staging", 255, output);
  expect(comment).toMatch(/^<!-- lakehouse-preview:staging -->/);
  expect(comment).toContain("`pulumi preview` of stack `staging`: failed: mandatory policy violations");
  expect(comment).toContain("- `- [mandatory]  contract-run-as-non-root  (kubernetes:apps/v1:Deployment: trino)`");
  expect(previewComment("dev", 0, "Resources:\n    + 3 to create\n")).toContain("of stack `dev`: passed");
  expect(previewComment("dev", 0, "x".repeat(200_000)).length).toBeLessThan(65_536);
});
