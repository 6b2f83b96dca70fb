// Helpers for the layers' tests under Pulumi mocks: a stack's validated config from its stack
// file (optionally edited), and a recorder of every resource registered.
import * as pulumi from "@pulumi/pulumi";
import { policies } from "../../policy/policies";
import { validateResource } from "../../policy/test/harness";
import { parseStackConfig, type StackConfig } from "../../stacks";
import { rawLakehouseConfig, type StackName } from "../stackFiles";
import type { FoundationView } from "../../components/kit/platform";

export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  /** Names of the resources it depends on explicitly (dependsOn) or through its inputs. */
  dependsOn: string[];
  /** For components: the packages whose providers were handed to it (`providers`). */
  providers: string[];
  /** The inputs as the engine receives them: secrets still wrapped (see test/secretWire.ts). */
  wire: Record<string, any>;
}

/** The bcrypt hash the mocked random provider gives every password: `$2a$`, cost 10, as Go writes it. */
export const MOCK_BCRYPT_HASH = `$2a$10$${"generatedbcrypt".padEnd(53, "0")}`;

/** The stack file's config, with `edit` applied to the raw lakehouse keys before validation. */
export function stackConfig(stack: StackName, edit: (raw: Record<string, any>) => void = () => undefined): StackConfig {
  const raw = structuredClone(rawLakehouseConfig(stack)) as Record<string, any>;
  edit(raw);
  return parseStackConfig(raw, stack);
}

const settings = () => require("@pulumi/pulumi/runtime/settings") as { getMonitor(): any; waitForRPCs(): Promise<void> };

/** Installs mocks that record registrations; `run` declares resources and returns what it registered. */
// What the random provider would return, recognisable as generated.
function generatedState(type: string, name: string): Record<string, string> {
  if (type === "random:index/randomPassword:RandomPassword") return { result: `generated-${name}`, bcryptHash: MOCK_BCRYPT_HASH };
  if (type === "random:index/randomBytes:RandomBytes") return { base64: Buffer.from(`generated-${name}`).toString("base64") };
  if (type === "random:index/randomId:RandomId") return { hex: Buffer.from(`generated-${name}`).toString("hex") };
  return {};
}

export async function recordingMocks(): Promise<(declare: () => void) => Promise<Registered[]>> {
  let registered: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs, dependsOn: [], providers: [], wire: {} });
        // Generated credentials look like this, so a test can spot one leaking into values.
        const state = { ...args.inputs, ...generatedState(args.type, args.name) };
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs,
    },
    "lakehouse",
    "unit",
    false,
  );
  // The mocks do not see dependencies: read them from the requests the monitor receives.
  const dependencies = new Map<string, string[]>();
  const providers = new Map<string, string[]>();
  const wires = new Map<string, Record<string, any>>();
  const monitor = settings().getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: unknown) => {
    const key = `${req.getType()}::${req.getName()}`;
    dependencies.set(
      key,
      req.getDependenciesList().map((urn: string) => urn.slice(urn.lastIndexOf("::") + 2)),
    );
    providers.set(key, [...req.getProvidersMap().keys()]);
    wires.set(key, req.getObject().toJavaScript());
    return register(req, callback);
  };
  return async (declare) => {
    // Registrations begun before (fixtures built outside `declare`) land first, and are not counted.
    await settings().waitForRPCs();
    registered = [];
    declare();
    // Registrations are asynchronous: wait until the RPC queue is drained.
    await settings().waitForRPCs();
    return registered.map((r) => {
      const key = `${r.type}::${r.name}`;
      return { ...r, dependsOn: dependencies.get(key) ?? [], providers: providers.get(key) ?? [], wire: wires.get(key) ?? {} };
    });
  };
}

/** What the policy pack's mandatory resource policies say about each registered object. */
export function mandatoryViolations(resources: Array<Pick<Registered, "type" | "name" | "inputs">>): string[] {
  const mandatory = policies.filter((policy) => "validateResource" in policy && policy.enforcementLevel === "mandatory");
  return resources.flatMap((resource) => mandatory.flatMap((policy) => validateResource(policy, resource.type, resource.inputs).violations.map((v) => `${policy.name} ${resource.name}: ${v}`)));
}

/** A foundation as the layers see it: the default namespaces, a storage class, and the given accounts and credentials. */
export function fakeFoundation(given: Pick<FoundationView, "serviceAccounts" | "credentials">): FoundationView {
  const namespaces = { platform: "lakehouse-platform", workflows: "lakehouse-workflows", services: "lakehouse-services", observability: "lakehouse-observability" };
  return {
    namespaces: Object.fromEntries(Object.entries(namespaces).map(([role, name]) => [role, pulumi.output(name)])) as FoundationView["namespaces"],
    storageClassName: pulumi.output("lakehouse-data"),
    ...given,
  };
}
