// How long Prometheus keeps samples, and how much of its volume it may fill. Time-based retention
// grows with the environment; the size cap (80% of the volume) keeps a busy week from filling the
// disk and stopping Prometheus, whatever the time says.
import type { Environment } from "../../stacks";
import { parseQuantity } from "../../policy/lib/quantity";

const RETENTION: Record<Environment, string> = { dev: "3d", staging: "15d", prod: "30d" };

export function prometheusRetention(environment: Environment, storageSize: string): { retention: string; retentionSize: string } {
  const bytes = parseQuantity(storageSize)?.value;
  if (bytes === undefined || bytes <= 0) throw new Error(`Observability: Prometheus storageSize "${storageSize}" is not a quantity`);
  // Prometheus reads MB as MiB (its sizes are base 2).
  return { retention: RETENTION[environment], retentionSize: `${Math.floor((bytes * 0.8) / 2 ** 20)}MB` };
}
