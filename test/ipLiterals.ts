import { isIP } from "node:net";

/** Paths of strings that carry an IPv4 or IPv6 address (a CIDR range is not an endpoint). */
export function ipLiterals(node: unknown, path = ""): string[] {
  if (typeof node === "string") {
    const hits = node.split(/[\s,;"'=@]+|:\/\//).filter((token) => {
      const [address, suffix] = token.split("/");
      if (suffix !== undefined && /^\d+$/.test(suffix)) return false;
      const host = address.replace(/^\[([^\]]+)\](:\d+)?$/, "$1").replace(/^([^:]+):\d+$/, "$1");
      return isIP(host) !== 0;
    });
    return hits.length ? [`${path}: ${node}`] : [];
  }
  if (node && typeof node === "object") return Object.entries(node).flatMap(([key, value]) => ipLiterals(value, `${path}.${key}`));
  return [];
}
