// Pod Security Standards, baseline profile: each control as the standard defines it, with its
// version-specific relaxations (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
import { asArray, asRecord, asString, metadataOf } from "../../lib/objects";
import { label, type PssCheck, pssRule, since } from "../../lib/pss";

const podSecurity = (spec: Record<string, unknown>) => asRecord(spec.securityContext);

export const hostProcess = pssRule(
  {
    name: "pss-baseline-host-process",
    level: "baseline",
    description: "Windows HostProcess containers are not allowed (pod or any container).",
    remediation: "Remove securityContext.windowsOptions.hostProcess, or set it to false.",
  },
  ({ pod, containers }) => [
    ...(asRecord(podSecurity(pod.spec).windowsOptions).hostProcess === true ? ["the pod sets windowsOptions.hostProcess: true"] : []),
    ...containers.filter(({ own }) => asRecord(own.windowsOptions).hostProcess === true).map(({ ref }) => `${label(ref)} sets windowsOptions.hostProcess: true`),
  ],
);

export const hostNamespaces = pssRule(
  {
    name: "pss-baseline-host-namespaces",
    level: "baseline",
    description: "Pods do not share the host's network, PID or IPC namespaces.",
    remediation: "Remove hostNetwork, hostPID and hostIPC (or set them to false).",
  },
  ({ pod }) => (["hostNetwork", "hostPID", "hostIPC"] as const).filter((field) => pod.spec[field] === true).map((field) => `the pod sets ${field}: true`),
);

export const privileged = pssRule(
  { name: "pss-baseline-privileged", level: "baseline", description: "No container runs privileged.", remediation: "Remove securityContext.privileged, or set it to false." },
  ({ containers }) => containers.filter(({ own }) => own.privileged === true).map(({ ref }) => `${label(ref)} is privileged`),
);

const BASELINE_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);

export const capabilities = pssRule(
  {
    name: "pss-baseline-capabilities",
    level: "baseline",
    description:
      "Containers add only the capabilities the baseline allows (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).",
    remediation: "Remove the other capabilities from securityContext.capabilities.add.",
  },
  ({ containers }) =>
    containers.flatMap(({ ref, own }) =>
      asArray(asRecord(own.capabilities).add)
        .filter((cap) => !BASELINE_CAPABILITIES.has(String(cap)))
        .map((cap) => `${label(ref)} adds capability ${String(cap)}`),
    ),
);

export const hostPathVolumes = pssRule(
  {
    name: "pss-baseline-host-path-volumes",
    level: "baseline",
    description: "Pods mount no hostPath volumes: no access to the node's filesystem.",
    remediation: "Use a PersistentVolumeClaim, emptyDir, ConfigMap or Secret instead of hostPath.",
  },
  ({ pod }) =>
    asArray(pod.spec.volumes)
      .filter((v) => asRecord(v).hostPath !== undefined)
      .map((v) => `volume "${asString(asRecord(v).name) ?? "?"}" is a hostPath`),
);

export const hostPorts = pssRule(
  { name: "pss-baseline-host-ports", level: "baseline", description: "Containers bind no host ports.", remediation: "Remove ports[].hostPort; expose the port through a Service." },
  ({ containers }) =>
    containers.flatMap(({ ref }) =>
      asArray(ref.container.ports)
        .map((p) => asRecord(p).hostPort)
        .filter((port) => port !== undefined && port !== 0)
        .map((port) => `${label(ref)} binds host port ${String(port)}`),
    ),
);

export const hostProbes = pssRule(
  {
    name: "pss-baseline-host-probes",
    level: "baseline",
    versioned: true,
    description: "Probes and lifecycle hooks do not set a host (Kubernetes 1.34 and newer).",
    remediation: "Remove the host field of httpGet and tcpSocket probes and lifecycle hooks: they then target the pod itself.",
  },
  ({ containers, context }) => {
    if (!since(context, "1.34")) return [];
    return containers.flatMap(({ ref }) => {
      const handlers = [
        ...["livenessProbe", "readinessProbe", "startupProbe"].map((f) => [f, ref.container[f]] as const),
        ...["postStart", "preStop"].map((f) => [`lifecycle.${f}`, asRecord(ref.container.lifecycle)[f]] as const),
      ];
      return handlers.flatMap(([where, handler]) =>
        ["httpGet", "tcpSocket"]
          .filter((kind) => {
            const host = asRecord(asRecord(handler)[kind]).host;
            return host !== undefined && host !== "";
          })
          .map((kind) => `${label(ref)} ${where}.${kind} sets a host`),
      );
    });
  },
);

const APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

export const appArmor = pssRule(
  {
    name: "pss-baseline-apparmor",
    level: "baseline",
    description: "AppArmor is not turned off: profiles are RuntimeDefault or Localhost, in fields or annotations.",
    remediation: "Set appArmorProfile.type to RuntimeDefault (or Localhost), or remove the Unconfined setting.",
  },
  ({ pod, object, containers }) => {
    const problems: string[] = [];
    const templateAnnotations = asRecord(asRecord(asRecord(asRecord(object.spec).template).metadata).annotations);
    // Only AppArmor annotations are read: others (a config checksum) may be unknown during preview.
    for (const annotations of [asRecord(metadataOf(object).annotations), templateAnnotations]) {
      for (const key of Object.keys(annotations).filter((k) => k.startsWith(APPARMOR_ANNOTATION))) {
        const value = annotations[key];
        if (value !== "runtime/default" && !String(value).startsWith("localhost/")) problems.push(`annotation ${key} is ${String(value)}`);
      }
    }
    const bad = (profile: unknown) => {
      const type = asRecord(profile).type;
      return type !== undefined && type !== "RuntimeDefault" && type !== "Localhost";
    };
    if (bad(podSecurity(pod.spec).appArmorProfile)) problems.push("the pod's appArmorProfile is not RuntimeDefault or Localhost");
    for (const { ref, own } of containers) if (bad(own.appArmorProfile)) problems.push(`${label(ref)} appArmorProfile is not RuntimeDefault or Localhost`);
    return problems;
  },
);

export const seLinux = pssRule(
  {
    name: "pss-baseline-selinux",
    level: "baseline",
    versioned: true,
    description: "SELinux type is a container type (container_t, container_init_t, container_kvm_t; container_engine_t from 1.31), and user and role are not set.",
    remediation: "Remove seLinuxOptions.user and .role, and use a container SELinux type or none.",
  },
  ({ pod, containers, context }) => {
    const types = new Set(["", "container_t", "container_init_t", "container_kvm_t", ...(since(context, "1.31") ? ["container_engine_t"] : [])]);
    const check = (options: unknown, where: string) => {
      const o = asRecord(options);
      return [
        ...(o.type !== undefined && !types.has(String(o.type)) ? [`${where} seLinuxOptions.type ${String(o.type)} is not allowed`] : []),
        ...(["user", "role"] as const).filter((f) => o[f] !== undefined && o[f] !== "").map((f) => `${where} sets seLinuxOptions.${f}`),
      ];
    };
    return [...check(podSecurity(pod.spec).seLinuxOptions, "the pod"), ...containers.flatMap(({ ref, own }) => check(own.seLinuxOptions, label(ref)))];
  },
);

/** Containers that unmask /proc: any procMount but Default. */
export const unmaskedProcMounts = (containers: PssCheck["containers"]) =>
  containers.filter(({ own }) => own.procMount !== undefined && own.procMount !== "Default").map(({ ref, own }) => `${label(ref)} sets procMount ${String(own.procMount)}`);

export const procMount = pssRule(
  {
    name: "pss-baseline-proc-mount",
    level: "baseline",
    versioned: true,
    description: "/proc keeps its default masking; from 1.35 a pod in a user namespace (hostUsers: false) may unmask it.",
    remediation: "Remove securityContext.procMount, or set it to Default (or run the pod with hostUsers: false, on 1.35 and newer).",
  },
  ({ pod, containers, context }) => (since(context, "1.35") && pod.spec.hostUsers === false ? [] : unmaskedProcMounts(containers)),
);

export const seccompBaseline = pssRule(
  { name: "pss-baseline-seccomp", level: "baseline", description: "Seccomp is not Unconfined.", remediation: "Set seccompProfile.type to RuntimeDefault (or Localhost)." },
  ({ pod, containers }) => [
    ...(asRecord(podSecurity(pod.spec).seccompProfile).type === "Unconfined" ? ["the pod's seccompProfile is Unconfined"] : []),
    ...containers.filter(({ own }) => asRecord(own.seccompProfile).type === "Unconfined").map(({ ref }) => `${label(ref)} seccompProfile is Unconfined`),
  ],
);

export const sysctls = pssRule(
  {
    name: "pss-baseline-sysctls",
    level: "baseline",
    versioned: true,
    description: "Only the safe, namespaced sysctls the standard lists for the Kubernetes version.",
    remediation: "Remove the other sysctls from securityContext.sysctls.",
  },
  ({ pod, context }) => {
    const allowed = new Set([
      "kernel.shm_rmid_forced",
      "net.ipv4.ip_local_port_range",
      "net.ipv4.ip_unprivileged_port_start",
      "net.ipv4.tcp_syncookies",
      "net.ipv4.ping_group_range",
      ...(since(context, "1.27") ? ["net.ipv4.ip_local_reserved_ports"] : []),
      ...(since(context, "1.29") ? ["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"] : []),
      ...(since(context, "1.32") ? ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"] : []),
      ...(since(context, "1.37") ? ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"] : []),
    ]);
    return asArray(podSecurity(pod.spec).sysctls)
      .map((s) => String(asRecord(s).name))
      .filter((name) => !allowed.has(name))
      .map((name) => `sysctl ${name} is not allowed`);
  },
);

export const BASELINE = [hostProcess, hostNamespaces, privileged, capabilities, hostPathVolumes, hostPorts, hostProbes, appArmor, seLinux, procMount, seccompBaseline, sysctls];
