// A non-root process cannot bind a port below 1024 unless the runtime lowers
// net.ipv4.ip_unprivileged_port_start (containerd 2 and Docker do, CRI-O and containerd 1.x do
// not). Capabilities do not help under the restricted profile: an added NET_BIND_SERVICE reaches a
// non-root process only through file capabilities, which allowPrivilegeEscalation: false
// (no_new_privs) switches off. So on this platform, where everything runs as non-root, a low
// containerPort is a pod that crashes on some clusters, or a port declaration that is wrong.
// (Polaris and kube-linter privileged-ports.)
import { asArray, asRecord, asString } from "../../lib/objects";
import { isWindows, label, podRule } from "../../lib/pss";

const UNPRIVILEGED_PORT_START = "net.ipv4.ip_unprivileged_port_start";

export const privilegedPorts = podRule(
  {
    name: "bp-privileged-ports",
    description:
      "Containers that run as non-root declare no containerPort below 1024: they cannot bind it unless the container runtime lowers net.ipv4.ip_unprivileged_port_start (containerd 2 does; CRI-O and containerd 1.x do not), and NET_BIND_SERVICE does not reach a non-root process under allowPrivilegeEscalation: false. Passes when the pod sets that sysctl at or below the port, or the container adds NET_BIND_SERVICE and allows privilege escalation (file capabilities).",
    remediation:
      'Listen on a port of 1024 or above and keep the well-known port on the Service (port: 80, targetPort: 8080); or set the safe sysctl net.ipv4.ip_unprivileged_port_start: "0" in the pod\'s securityContext.sysctls.',
    tags: ["best-practice"],
    enforcementLevel: "mandatory",
  },
  ({ pod, containers }) => {
    if (isWindows(pod)) return [];
    const sysctl = asArray(asRecord(pod.spec.securityContext).sysctls)
      .map(asRecord)
      .find((s) => s.name === UNPRIVILEGED_PORT_START);
    const configured = sysctl && /^\d+$/.test(String(sysctl.value)) ? Number(sysctl.value) : undefined;
    const start = configured ?? 1024;
    return containers.flatMap(({ ref, security, own }) => {
      const user = security.runAsUser;
      const nonRoot = typeof user === "number" ? user > 0 : security.runAsNonRoot === true;
      if (!nonRoot) return [];
      const fileCapabilities = asArray(asRecord(own.capabilities).add).includes("NET_BIND_SERVICE") && own.allowPrivilegeEscalation !== false;
      if (fileCapabilities) return [];
      return asArray(ref.container.ports)
        .map(asRecord)
        .filter((port) => typeof port.containerPort === "number" && port.containerPort > 0 && port.containerPort < start)
        .map((port) => {
          const name = asString(port.name);
          return `${label(ref)} declares port ${String(port.containerPort)}${name ? ` (${name})` : ""} but runs as non-root, which cannot bind a port below ${start}${configured !== undefined ? ` (the pod's ${UNPRIVILEGED_PORT_START})` : ` on runtimes that keep ${UNPRIVILEGED_PORT_START} at 1024`}`;
        });
    });
  },
);
