// Kubernetes resource quantities ("500m", "1.5", "512Mi", "1e3"), parsed to a number of base units.
// The grammar is apimachinery's resource.Quantity. The npm parsers we looked at either accept
// suffixes Kubernetes rejects ("2K") or return NaN for garbage, so this small exact parser is ours.

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|m|k|M|G|T|P|E)?$/;

const MULTIPLIERS: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export interface Quantity {
  /** The value in base units: cores for CPU, bytes for memory and storage. */
  value: number;
  /** The suffix as written ("" when none). */
  suffix: string;
}

/** Parses a Kubernetes quantity; returns undefined when the text is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text.trim() === text ? text : "");
  if (!match) return undefined;
  const [, number, suffix = ""] = match;
  const multiplier = /^[eE][+-]?\d+$/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix];
  return { value: Number(number) * multiplier, suffix };
}

const BINARY_UNITS: Array<[string, number]> = [
  ["Ti", 2 ** 40],
  ["Gi", 2 ** 30],
  ["Mi", 2 ** 20],
  ["Ki", 2 ** 10],
];

/** Formats bytes with the largest binary suffix that divides them exactly, as kubectl does. */
export function formatBytes(bytes: number): string {
  for (const [suffix, size] of BINARY_UNITS) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

/** Formats cores as millicores when fractional ("250m"), whole cores otherwise ("2"). */
export function formatCpu(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}
