// Pod-level hygiene the best linters check (kube-linter, Polaris, kube-score), where it fits a platform.
import { asArray, asRecord, asString, kindOf } from "../../lib/objects";
import { label, podRule } from "../../lib/pss";
import type { ObjectRule } from "../../lib/rule";

export const readOnlyRoot = podRule(
  {
    name: "bp-read-only-root-filesystem",
    description: "Containers run with a read-only root filesystem; writable paths are emptyDir or claim mounts.",
    remediation: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the image writes (/tmp, caches).",
    tags: ["best-practice"],
    enforcementLevel: "advisory",
  },
  ({ containers }) => containers.filter(({ ref, own }) => ref.role !== "ephemeralContainer" && own.readOnlyRootFilesystem !== true).map(({ ref }) => `${label(ref)} has a writable root filesystem`),
);

const SECRET_NAME = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key)/i;

export const noSecretLiterals = podRule(
  {
    name: "bp-no-secret-env-literals",
    description: "Environment variables that carry credentials (PASSWORD, SECRET, TOKEN, API_KEY, ...) come from Secrets, never literal values.",
    remediation: "Use env[].valueFrom.secretKeyRef (or envFrom a Secret) for credentials.",
    tags: ["best-practice", "contract"],
    enforcementLevel: "mandatory",
  },
  ({ containers }) =>
    containers.flatMap(({ ref }) =>
      asArray(ref.container.env)
        .map(asRecord)
        .filter((env) => SECRET_NAME.test(asString(env.name) ?? "") && typeof env.value === "string" && env.value.length > 0)
        .map((env) => `${label(ref)} sets ${String(env.name)} to a literal value`),
    ),
);

export const serviceAccount = podRule(
  {
    name: "bp-dedicated-service-account",
    description: "Pods run under their own ServiceAccount, never `default`.",
    remediation: "Set serviceAccountName to the service's ServiceAccount (the foundation layer creates one per service).",
    tags: ["best-practice"],
    enforcementLevel: "mandatory",
  },
  ({ pod }) => {
    const name = asString(pod.spec.serviceAccountName) ?? asString(pod.spec.serviceAccount);
    return name === undefined || name === "default" ? ["the pod runs as the default ServiceAccount"] : [];
  },
);

export const tokenAutomount = podRule(
  {
    name: "bp-service-account-token-automount",
    description: "Pods state whether they mount a ServiceAccount token; only those that call the Kubernetes API do.",
    remediation: "Set automountServiceAccountToken: false on pods that do not call the API.",
    tags: ["best-practice"],
    enforcementLevel: "advisory",
  },
  ({ pod }) => (pod.spec.automountServiceAccountToken === undefined ? ["the pod mounts a ServiceAccount token by default (automountServiceAccountToken unset)"] : []),
);

export const duplicateEnv = podRule(
  {
    name: "bp-duplicate-env",
    description: "No container defines the same environment variable twice (the last silently wins).",
    remediation: "Remove the duplicate env entries.",
    tags: ["best-practice"],
    enforcementLevel: "mandatory",
  },
  ({ containers }) =>
    containers.flatMap(({ ref }) => {
      const names = asArray(ref.container.env)
        .map((env) => asString(asRecord(env).name))
        .filter((n): n is string => n !== undefined);
      return [...new Set(names.filter((name, i) => names.indexOf(name) !== i))].map((name) => `${label(ref)} defines ${name} more than once`);
    }),
);

export const selectorMatchesTemplate: ObjectRule = {
  scope: "object",
  name: "bp-selector-matches-template",
  description: "A workload's selector matches its own pod template's labels.",
  remediation: "Make spec.selector.matchLabels a subset of spec.template.metadata.labels.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(object) {
    if (!["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].includes(kindOf(object))) return [];
    const spec = asRecord(object.spec);
    const selector = asRecord(asRecord(spec.selector).matchLabels);
    const labels = asRecord(asRecord(asRecord(spec.template).metadata).labels);
    return Object.entries(selector)
      .filter(([key, value]) => labels[key] !== value)
      .map(([key, value]) => `selector ${key}=${String(value)} does not match the pod template's labels`);
  },
};

export const jobTtl: ObjectRule = {
  scope: "object",
  name: "bp-job-ttl",
  description: "Jobs set ttlSecondsAfterFinished, so finished Jobs and their pods are cleaned up.",
  remediation: "Set spec.ttlSecondsAfterFinished (e.g. 3600) on Jobs; CronJobs use history limits instead.",
  tags: ["best-practice"],
  enforcementLevel: "advisory",
  check(object) {
    return kindOf(object) === "Job" && asRecord(object.spec).ttlSecondsAfterFinished === undefined ? ["the Job sets no ttlSecondsAfterFinished"] : [];
  },
};
