import { isIP } from "node:net";
import * as semver from "semver";
import { z } from "zod";
import { kubernetesSemver, MIN_KUBERNETES_VERSION } from "../../policy/lib/kubernetesVersion";
import { unpinnedReason } from "../../policy/lib/imageReference";
import { parseQuantity } from "../../policy/lib/quantity";

export { kubernetesSemver, MIN_KUBERNETES_VERSION };

export const kubernetesVersion = z
  .string()
  .meta({ accepts: '"1.MINOR" or "1.MINOR.PATCH", at least 1.28 (quoted)' })
  .refine(
    (text) => {
      const version = kubernetesSemver(text);
      return version !== undefined && semver.gte(version, MIN_KUBERNETES_VERSION);
    },
    { error: 'a quoted Kubernetes version "1.MINOR" or "1.MINOR.PATCH" of at least 1.28 (the contract minimum), such as "1.31"' },
  );

// RFC 1123 subdomain, as Kubernetes and DNS expect for hosts.
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** A DNS name: endpoints are named, never IP literals (contract section 3.2). */
export const dnsName = z
  .string()
  .meta({ accepts: "a DNS name (never an IP)" })
  .refine((text) => isIP(text) === 0 && DNS_NAME.test(text), {
    error: "a DNS name such as postgres.example.internal (IP addresses are refused: the contract requires DNS names for endpoints)",
  });

/** An http(s) URL whose host is a DNS name. */
export const endpointUrl = z
  .string()
  .meta({ accepts: "an http(s) URL whose host is a DNS name" })
  .refine(
    (text) => {
      try {
        const url = new URL(text);
        const host = url.hostname.replace(/^\[|\]$/g, "");
        return (url.protocol === "https:" || url.protocol === "http:") && isIP(host) === 0 && DNS_NAME.test(host);
      } catch {
        return false;
      }
    },
    { error: "an http(s) URL whose host is a DNS name, such as https://s3.eu-west-1.amazonaws.com (IP addresses are refused)" },
  );

/** Kubernetes object names: RFC 1123 labels (namespaces, service accounts). */
export const k8sName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: "a lower-case RFC 1123 name: letters, digits and '-', at most 63 characters, such as lakehouse-platform" })
  .meta({ accepts: "an RFC 1123 name" });

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A label's key: a name of at most 63 characters, optionally after a DNS-subdomain prefix and "/". */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  return LABEL_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && LABEL_PREFIX.test(prefix)));
}

/** Labels a selector matches: valid keys and values (zod reports a bad record key without saying why). */
export const labels = z
  .record(z.string(), z.string().regex(LABEL_NAME, { error: "a label value: at most 63 letters, digits, '-', '_' or '.', such as kube-dns" }))
  .superRefine((map, ctx) => {
    for (const key of Object.keys(map).filter((k) => !isLabelKey(k))) {
      ctx.addIssue({ code: "custom", message: `a label key such as k8s-app or dns.operator.openshift.io/daemonset-dns ("${key}" is not one)` });
    }
  })
  .meta({ accepts: "labels: a map of label keys to values" });

export const port = z.int().min(1).max(65535);

export const positiveInt = z.int().min(1);

/** CIDR blocks are allowed for network policy (they are ranges, not endpoints). */
export const cidr = z
  .string()
  .meta({ accepts: "a CIDR block" })
  .refine(
    (text) => {
      const [address, bits, ...rest] = text.split("/");
      const family = isIP(address ?? "");
      if (rest.length || family === 0 || bits === undefined || !/^\d+$/.test(bits)) return false;
      return Number(bits) <= (family === 4 ? 32 : 128);
    },
    { error: "a CIDR block such as 10.0.0.0/16 or fd00::/64" },
  );

export const cpu = z
  .string()
  .meta({ accepts: 'a CPU quantity ("250m", "2")' })
  .refine(
    (text) => {
      const quantity = parseQuantity(text);
      return quantity !== undefined && quantity.value >= 0.001;
    },
    { error: 'a positive CPU quantity such as "250m" or "2" (at least 1m)' },
  );

export const memory = z
  .string()
  .meta({ accepts: 'a memory quantity ("512Mi", "2Gi")' })
  .refine(
    (text) => {
      const quantity = parseQuantity(text);
      // "512m" is 0.512 bytes, a classic typo for "512Mi".
      return quantity !== undefined && quantity.suffix !== "m" && quantity.value >= 2 ** 20;
    },
    { error: 'a memory quantity of at least 1Mi such as "512Mi" or "2Gi" (note: "m" means milli, not mega)' },
  );

export const storageSize = z
  .string()
  .meta({ accepts: 'a storage quantity ("10Gi")' })
  .refine(
    (text) => {
      const quantity = parseQuantity(text);
      return quantity !== undefined && quantity.suffix !== "m" && quantity.value >= 2 ** 20;
    },
    { error: 'a storage quantity of at least 1Mi such as "10Gi"' },
  );

export const resources = z
  .strictObject({
    requests: z.strictObject({ cpu, memory }),
    limits: z.strictObject({ cpu, memory }),
  })
  .meta({ accepts: "requests and limits of cpu and memory (request ≤ limit)" });
export type Resources = z.infer<typeof resources>;

/** An image of your own: pinned, so a pod never runs something other than what was reviewed. */
export const pinnedImage = z
  .string()
  .meta({ accepts: "a pinned image reference (a version tag other than latest, or a digest)" })
  .refine((reference) => unpinnedReason(reference) === undefined, {
    error: "a pinned image reference with its registry, such as registry.acme.example/data/etl:1.4.2 or one ending in @sha256:<digest> (no tag or latest is refused)",
  });
