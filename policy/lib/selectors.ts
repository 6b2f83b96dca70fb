// Label selectors as Kubernetes evaluates them: a Service's selector is a plain map of labels; a
// metav1.LabelSelector (affinity terms, topology spread, PodDisruptionBudgets) adds
// matchExpressions, ANDed with matchLabels. A missing selector selects nothing, an empty one all.
import { asArray, asRecord, isRecord } from "./objects";

/** Whether a plain map selector (a Service's spec.selector) selects pods with these labels. */
export function mapSelects(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** Whether a metav1.LabelSelector selects pods with these labels; an invalid operator selects nothing. */
export function labelSelectorSelects(selector: unknown, labels: Record<string, unknown>): boolean {
  if (!isRecord(selector)) return false;
  if (!mapSelects(asRecord(selector.matchLabels), labels)) return false;
  return asArray(selector.matchExpressions).every((expression) => {
    const { key, operator, values } = asRecord(expression);
    if (typeof key !== "string") return false;
    const value = labels[key];
    const present = value !== undefined;
    const listed = asArray(values).includes(value);
    switch (operator) {
      case "In":
        return present && listed;
      case "NotIn":
        return !present || !listed;
      case "Exists":
        return present;
      case "DoesNotExist":
        return !present;
      default:
        return false;
    }
  });
}
