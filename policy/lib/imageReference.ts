// Container image references, parsed as the distribution spec reads them: an optional registry
// (a first component with a "." or ":" or "localhost"; it may carry a port), the repository,
// then ":tag" and/or "@digest". The registry's port is not a tag.

export interface ImageReference {
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export function parseImageReference(reference: string): ImageReference | undefined {
  if (!reference || /\s/.test(reference)) return undefined;
  const [name, digest, ...extra] = reference.split("@");
  if (extra.length || (digest !== undefined && !DIGEST.test(digest))) return undefined;
  const parts = name.split("/");
  const registry = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost") ? parts.shift() : undefined;
  const last = parts.pop() ?? "";
  const colon = last.lastIndexOf(":");
  const tag = colon >= 0 ? last.slice(colon + 1) : undefined;
  const repository = [...parts, colon >= 0 ? last.slice(0, colon) : last].join("/");
  // Repository path components are lower-case alphanumerics joined by separators, never empty.
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) return undefined;
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  return { registry, repository, tag, digest };
}

/** Why a reference is not pinned, or undefined when it is (a version tag, or a digest). */
export function unpinnedReason(reference: string): string | undefined {
  const parsed = parseImageReference(reference);
  if (!parsed) return `image "${reference}" is not a valid image reference`;
  if (parsed.digest) return undefined;
  if (!parsed.tag) return `image "${reference}" has no tag (it means latest)`;
  if (parsed.tag === "latest") return `image "${reference}" uses the latest tag`;
  return undefined;
}
