// Finding endpoint IP literals in free text (env values, args, URLs, config files): IPv4 and IPv6,
// with or without ports, in URLs and brackets. CIDR ranges and bind-all or loopback addresses are
// not endpoints; version strings and timestamps are not addresses at all.
import { isIP } from "node:net";

/** Addresses that bind or stay on the machine rather than point at another host. */
export function isBindOrLoopback(address: string): boolean {
  return address === "0.0.0.0" || address === "::" || address === "::1" || address.startsWith("127.");
}

const CANDIDATE = /\[?[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*\]?(?:\/\d{1,3})?/g;

/** The endpoint IP literals in a text. */
export function endpointIps(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    let token = match[0];
    if (/\/\d{1,3}$/.test(token)) continue; // a CIDR range
    const before = text[match.index - 1] ?? "";
    const after = text[match.index + token.length] ?? "";
    // Part of a longer word or version ("v1.2.3.4", "1.2.3.4-rc1", "build.10.0.0.1x").
    if (/[A-Za-z0-9_-]/.test(before) && !/[@=\s:/,;"'(]/.test(before)) continue;
    if (/[A-Za-z_-]/.test(after)) continue;
    token = token.replace(/^\[|\]$/g, "");
    // host:port for IPv4 (IPv6 ports need brackets, already stripped).
    const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(token);
    const address = v4WithPort ? v4WithPort[1] : token.replace(/\.$/, "");
    if (isIP(address) !== 0 && !isBindOrLoopback(address)) found.push(address);
  }
  return found;
}
