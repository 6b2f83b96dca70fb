import { isIP } from "node:net";

// Listening on every interface (0.0.0.0, ::) names no endpoint; loopback still counts here,
// stricter than the policy pack, since nothing of ours should need it.
const BIND_ANY = new Set(["0.0.0.0", "::"]);

/** Paths of strings that carry an IPv4 or IPv6 address (a CIDR range and a bind-any address are not endpoints). */
export function ipLiterals(node: unknown, path = ""): string[] {
  if (typeof node === "string") {
    const hits = node.split(/[\s,;"'=@]+|:\/\//).filter((token) => {
      const [address, suffix] = token.split("/");
      if (suffix !== undefined && /^\d+$/.test(suffix)) return false;
      const host = address.replace(/^\[([^\]]+)\](:\d+)?$/, "$1").replace(/^([^:]+):\d+$/, "$1");
      return isIP(host) !== 0 && !BIND_ANY.has(host);
    });
    return hits.length ? [`${path}: ${node}`] : [];
  }
  if (node && typeof node === "object") return Object.entries(node).flatMap(([key, value]) => ipLiterals(value, `${path}.${key}`));
  return [];
}
