import { isIP } from "node:net";
import { endpointIps, isBindOrLoopback } from "../../lib/ips";
import { asArray, asRecord, asString, isRecord, type Json, kindOf, metadataOf } from "../../lib/objects";
import { podSpecOf } from "../../lib/podSpecs";
import type { ObjectRule } from "../../lib/rule";

type Place = [where: string, text: unknown];

const textIps = ([where, text]: Place): string[] => (typeof text === "string" ? endpointIps(text).map((ip) => `${where} points at ${ip}`) : []);

/** A field that holds exactly one address (a probe host, a Service IP): any IP there is pinned. */
const fieldIp = ([where, value]: Place): string[] => {
  const address = asString(value);
  return address && isIP(address) !== 0 && !isBindOrLoopback(address) ? [`${where} is the IP address ${address}`] : [];
};

function handlerHosts(handler: unknown, where: string): Place[] {
  const record = asRecord(handler);
  return ["httpGet", "tcpSocket"].map((kind): Place => [`${where}.${kind}.host`, asRecord(record[kind]).host]);
}

function podPlaces(object: Json): { text: Place[]; fields: Place[] } {
  const pod = podSpecOf(object);
  if (!pod) return { text: [], fields: [] };
  const text: Place[] = [];
  const fields: Place[] = [];
  for (const ref of pod.containers) {
    const label = `${ref.role} "${ref.name}"`;
    for (const env of asArray(ref.container.env)) text.push([`${label} env ${asString(asRecord(env).name) ?? "?"}`, asRecord(env).value]);
    asArray(ref.container.args).forEach((arg, i) => text.push([`${label} args[${i}]`, arg]));
    asArray(ref.container.command).forEach((arg, i) => text.push([`${label} command[${i}]`, arg]));
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) fields.push(...handlerHosts(ref.container[probe], `${label} ${probe}`));
    const lifecycle = asRecord(ref.container.lifecycle);
    for (const hook of ["postStart", "preStop"]) fields.push(...handlerHosts(lifecycle[hook], `${label} lifecycle.${hook}`));
  }
  asArray(pod.spec.hostAliases).forEach((alias, i) => fields.push([`hostAliases[${i}].ip`, asRecord(alias).ip]));
  return { text, fields };
}

function servicePlaces(spec: Json): Place[] {
  const clusterIp = asString(spec.clusterIP);
  return [
    ...asArray(spec.externalIPs).map((ip, i): Place => [`spec.externalIPs[${i}]`, ip]),
    ["spec.loadBalancerIP", spec.loadBalancerIP],
    // "None" (headless) and "" (let the API allocate) are not pins.
    ["spec.clusterIP", clusterIp === "None" ? undefined : clusterIp],
    ...asArray(spec.clusterIPs).map((ip, i): Place => [`spec.clusterIPs[${i}]`, ip === "None" ? undefined : ip]),
    ["spec.externalName", spec.externalName],
  ];
}

function endpointPlaces(object: Json): Place[] {
  if (kindOf(object) === "Endpoints") {
    return asArray(object.subsets).flatMap((subset, s) => asArray(asRecord(subset).addresses).map((a, i): Place => [`subsets[${s}].addresses[${i}].ip`, asRecord(a).ip]));
  }
  return asArray(object.endpoints).flatMap((endpoint, e) => asArray(asRecord(endpoint).addresses).map((a, i): Place => [`endpoints[${e}].addresses[${i}]`, a]));
}

function ingressPlaces(object: Json): { text: Place[]; fields: Place[] } {
  const spec = asRecord(object.spec);
  const fields: Place[] = [
    ...asArray(spec.rules).map((rule, i): Place => [`spec.rules[${i}].host`, asRecord(rule).host]),
    ...asArray(spec.tls).flatMap((tls, t) => asArray(asRecord(tls).hosts).map((host, i): Place => [`spec.tls[${t}].hosts[${i}]`, host])),
  ];
  const text = Object.entries(metadataOf(object).annotations).map(([key, value]): Place => [`annotation ${key}`, value]);
  return { text, fields };
}

export const noHardcodedIps: ObjectRule = {
  scope: "object",
  name: "contract-no-hardcoded-ips",
  description:
    "No endpoint is an IP address literal, IPv4 or IPv6 (contract section 3.2): not in env values, args, commands, ConfigMap data, probe or lifecycle hosts, hostAliases, Service IPs, hand-written Endpoints or EndpointSlices, or Ingress hosts and annotations. Bind addresses (0.0.0.0, ::), loopback and CIDR ranges are not endpoints.",
  remediation: "Refer to the service by its DNS name (<service>.<namespace>.svc.cluster.local, or an external DNS name); let Kubernetes allocate Service IPs.",
  tags: ["contract"],
  enforcementLevel: "mandatory",
  check(object) {
    const kind = kindOf(object);
    if (kind === "NetworkPolicy") return []; // ipBlock CIDRs are ranges, not endpoints
    const fields: Place[] = [];
    const text: Place[] = [];
    const pod = podPlaces(object);
    fields.push(...pod.fields);
    text.push(...pod.text);
    if (kind === "ConfigMap") text.push(...Object.entries(asRecord(object.data)).map(([key, value]): Place => [`data.${key}`, value]));
    if (kind === "Service" && isRecord(object.spec)) fields.push(...servicePlaces(object.spec));
    if (kind === "Endpoints" || kind === "EndpointSlice") fields.push(...endpointPlaces(object));
    if (kind === "Ingress") {
      const ingress = ingressPlaces(object);
      fields.push(...ingress.fields);
      text.push(...ingress.text);
    }
    return [...fields.flatMap(fieldIp), ...text.flatMap(textIps)];
  },
};
