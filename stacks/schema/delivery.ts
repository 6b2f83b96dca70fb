// How the stack is delivered: where CI keeps its state and how it encrypts its secrets, the cloud
// identity CI federates to through OIDC (no long-lived key), and, for `npm run render` only, the
// directory the Kubernetes objects are written to instead of being deployed.
import { z } from "zod";

const awsOidc = z.strictObject({
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, { error: "an IAM role ARN, arn:aws:iam::<account>:role/<name>" })
    .meta({ accepts: "an IAM role ARN" })
    .describe("the role CI assumes with GitHub's OIDC token (its trust policy names this repository and environment)"),
  region: z.string().min(1).describe("the AWS region the role's session uses"),
});

const gcpOidc = z.strictObject({
  workloadIdentityProvider: z
    .string()
    .regex(/^projects\/\d+\/locations\/global\/workloadIdentityPools\/[^/]+\/providers\/[^/]+$/, {
      error: "projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>",
    })
    .meta({ accepts: "a workload identity provider's full name" })
    .describe("the workload identity provider that trusts GitHub's OIDC tokens"),
  serviceAccount: z.email().describe("the service account CI impersonates"),
});

const azureOidc = z.strictObject({
  clientId: z.uuid().describe("the federated application's (or managed identity's) client id"),
  tenantId: z.uuid().describe("the Entra ID tenant"),
  subscriptionId: z.uuid().describe("the subscription the cluster lives in"),
});

export const delivery = z.strictObject({
  backend: z
    .string()
    .regex(/^(s3|gs|azblob|file):\/\/.+/, { error: "s3://, gs://, azblob:// or file://" })
    .meta({ accepts: "a Pulumi backend URL" })
    .describe("the state backend CI logs in to for this stack, e.g. s3://<bucket>/lakehouse?region=eu-west-1"),
  secretsProvider: z
    .string()
    .regex(/^(awskms|gcpkms|azurekeyvault|hashivault):\/\/.+|^passphrase$/, { error: "awskms://, gcpkms://, azurekeyvault://, hashivault://, or passphrase" })
    .meta({ accepts: "a Pulumi secrets provider" })
    .describe(
      "how the stack's secrets are encrypted when CI creates it; a KMS key keeps CI free of a stored passphrase. passphrase: from $PULUMI_CONFIG_PASSPHRASE, or with a file:// backend a random one per run (the state is thrown away with the runner)",
    ),
  oidc: z
    .strictObject({ aws: awsOidc.optional(), gcp: gcpOidc.optional(), azure: azureOidc.optional() })
    .optional()
    .describe("the cloud identities CI federates to with GitHub's OIDC token (one or more); none for a cluster CI reaches by kubeconfig"),
});
export type DeliveryConfig = z.infer<typeof delivery>;

export const render = z.strictObject({
  directory: z.string().min(1).describe("where the objects are written (a scratch directory npm run render reads them from)"),
});
