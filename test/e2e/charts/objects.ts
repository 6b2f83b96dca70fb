// Looking things up in a render: an object by kind and name, a pod template's containers (through
// the policy pack's own extractor), and every image reference a chart will make the cluster pull,
// including those its operators and controllers are told about in arguments.
import { asArray, asRecord, asString, type Json, type KubeObject } from "../../../policy/lib/objects";
import { type ContainerRef, podSpecOf } from "../../../policy/lib/podSpecs";
import type { Rendered } from "./helm";

export function find(rendered: Rendered[], kind: string, name: string): KubeObject {
  const found = rendered.find(({ object }) => object.kind === kind && asRecord(object.metadata).name === name);
  if (!found) throw new Error(`the render has no ${kind} ${name}; it has ${rendered.map(({ object }) => `${String(object.kind)}/${String(asRecord(object.metadata).name)}`).join(", ")}`);
  return found.object;
}

export function containers(object: KubeObject): ContainerRef[] {
  return podSpecOf(object)?.containers ?? [];
}

export function container(object: KubeObject, name: string): Json {
  const found = containers(object).find((ref) => ref.name === name);
  if (!found) throw new Error(`${String(object.kind)} ${String(asRecord(object.metadata).name)} has no container ${name}`);
  return found.container;
}

/** Objects that carry a pod template. */
export const workloads = (rendered: Rendered[]) => rendered.map(({ object }) => object).filter((object) => podSpecOf(object) !== undefined);

// Controller flags that name an image: cert-manager's ACME solver, the operator's config reloader and Thanos.
const IMAGE_FLAG = /^--(?:[a-z0-9-]*image|prometheus-config-reloader)=(.+)$/;

export function imageReferences(rendered: Rendered[]): string[] {
  return rendered.flatMap(({ object }) => {
    const own = object.kind === "Prometheus" ? [asString(asRecord(object.spec).image)] : [];
    const pods = containers(object).flatMap((ref) => [asString(ref.container.image), ...asArray(ref.container.args).map((arg) => IMAGE_FLAG.exec(String(arg))?.[1])]);
    return [...own, ...pods].filter((image): image is string => image !== undefined);
  });
}

/** An env var's literal value or its reference, by name. */
export function env(container: Json, name: string): Json | undefined {
  return asArray(container.env)
    .map(asRecord)
    .find((variable) => variable.name === name);
}
