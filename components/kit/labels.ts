// The labels the kit puts on what it makes, and the ones network policies select pods by.
import type { ServiceName } from "../../stacks";

export const PART_OF = { "app.kubernetes.io/part-of": "lakehouse", "app.kubernetes.io/managed-by": "pulumi" };

/** Every pod of a service carries this label, its value the service's name (stacks/services/): network policies select by it. */
export const SERVICE_LABEL = "lakehouse.dev/service";

/** Pods whose ServiceAccount may call the Kubernetes API carry this label (set by the workload kit). */
export const API_ACCESS_LABEL = "lakehouse.dev/api-access";

/**
 * The labels we add to the pods of an upstream chart: only the ones our policies select. Each chart
 * sets its own app.kubernetes.io/* labels (managed-by Helm, its own part-of), and giving a key a
 * second value repeats it in the rendered YAML, which is invalid.
 */
export const CHART_POD_LABELS: Record<string, string> = { [API_ACCESS_LABEL]: "true" };

/** The labels for the pods of a chart that runs one of our services: also its service label. */
export const chartServicePodLabels = (service: ServiceName): Record<string, string> => ({ ...CHART_POD_LABELS, [SERVICE_LABEL]: service });
