// Pod Security Standards, restricted profile (on top of baseline), with its relaxations: Windows
// pods are exempt from the Linux-only controls, as the standard says from 1.25.
import { asArray, asRecord, asString } from "../../lib/objects";
import { isWindows, label, pssRule, since } from "../../lib/pss";
import { unmaskedProcMounts } from "./baseline";

const ALLOWED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

export const volumeTypes = pssRule(
  {
    name: "pss-restricted-volume-types",
    level: "restricted",
    description: `Volumes are of the safe types only: ${ALLOWED_VOLUMES.join(", ")}.`,
    remediation: "Replace other volume types (hostPath, nfs, iscsi, ...) with a PersistentVolumeClaim or a projected volume.",
  },
  ({ pod }) =>
    asArray(pod.spec.volumes).flatMap((volume) => {
      const record = asRecord(volume);
      const types = Object.keys(record).filter((key) => key !== "name");
      return types.filter((type) => !ALLOWED_VOLUMES.includes(type)).map((type) => `volume "${asString(record.name) ?? "?"}" is of type ${type}`);
    }),
);

export const privilegeEscalation = pssRule(
  {
    name: "pss-restricted-privilege-escalation",
    level: "restricted",
    description: "Every container sets allowPrivilegeEscalation: false (Linux pods).",
    remediation: "Set securityContext.allowPrivilegeEscalation: false on each container.",
  },
  ({ pod, containers }) =>
    isWindows(pod) ? [] : containers.filter(({ own }) => own.allowPrivilegeEscalation !== false).map(({ ref }) => `${label(ref)} does not set allowPrivilegeEscalation: false`),
);

export const runAsNonRoot = pssRule(
  {
    name: "pss-restricted-run-as-non-root",
    level: "restricted",
    description: "runAsNonRoot is true for every container, at pod or container level.",
    remediation: "Set securityContext.runAsNonRoot: true on the pod.",
  },
  ({ containers }) => containers.filter(({ security }) => security.runAsNonRoot !== true).map(({ ref }) => `${label(ref)} does not run with runAsNonRoot: true`),
);

export const runAsUser = pssRule(
  {
    name: "pss-restricted-run-as-user",
    level: "restricted",
    description: "No container, and not the pod, sets runAsUser to 0.",
    remediation: "Set runAsUser to a non-zero uid, or leave it to the image's non-root user.",
  },
  ({ pod, containers }) => [
    ...(asRecord(pod.spec.securityContext).runAsUser === 0 ? ["the pod sets runAsUser: 0"] : []),
    ...containers.filter(({ own }) => own.runAsUser === 0).map(({ ref }) => `${label(ref)} sets runAsUser: 0`),
  ],
);

export const seccompRestricted = pssRule(
  {
    name: "pss-restricted-seccomp",
    level: "restricted",
    description: "Seccomp is explicitly RuntimeDefault or Localhost for every container, at pod or container level (Linux pods).",
    remediation: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod.",
  },
  ({ pod, containers }) =>
    isWindows(pod)
      ? []
      : containers
          .filter(({ security }) => !["RuntimeDefault", "Localhost"].includes(String(asRecord(security.seccompProfile).type)))
          .map(({ ref }) => `${label(ref)} has no RuntimeDefault or Localhost seccompProfile`),
);

export const capabilitiesRestricted = pssRule(
  {
    name: "pss-restricted-capabilities",
    level: "restricted",
    description: "Every container drops ALL capabilities and adds back at most NET_BIND_SERVICE (Linux pods).",
    remediation: "Set securityContext.capabilities: { drop: [ALL] } and add only NET_BIND_SERVICE if the service binds a port below 1024.",
  },
  ({ pod, containers }) =>
    isWindows(pod)
      ? []
      : containers.flatMap(({ ref, own }) => {
          const caps = asRecord(own.capabilities);
          return [
            ...(asArray(caps.drop).includes("ALL") ? [] : [`${label(ref)} does not drop ALL capabilities`]),
            ...asArray(caps.add)
              .filter((cap) => cap !== "NET_BIND_SERVICE")
              .map((cap) => `${label(ref)} adds capability ${String(cap)}`),
          ];
        }),
);

// From 1.35 baseline lets a pod in a user namespace unmask /proc; restricted still refuses it
// (upstream's procMount_restricted overrides the baseline check). Before 1.35, and outside user
// namespaces, the baseline control already refuses it, so this one stays silent there.
export const procMountRestricted = pssRule(
  {
    name: "pss-restricted-proc-mount",
    level: "restricted",
    versioned: true,
    description: "/proc keeps its default masking, in a user namespace too (1.35 and newer, where baseline allows it there).",
    remediation: "Remove securityContext.procMount, or set it to Default.",
  },
  ({ pod, containers, context }) => (since(context, "1.35") && pod.spec.hostUsers === false ? unmaskedProcMounts(containers) : []),
);

export const RESTRICTED = [volumeTypes, privilegeEscalation, runAsNonRoot, runAsUser, seccompRestricted, capabilitiesRestricted, procMountRestricted];
