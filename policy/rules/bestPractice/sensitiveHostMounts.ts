// hostPath volumes of the node's most sensitive paths (kube-linter sensitive-host-mounts and
// container-runtime-sock), each named with what it gives away. Separate from
// pss-baseline-host-path-volumes: an exemption from that rule (a log shipper reading /var/log)
// must not also allow the runtime's socket or the kubelet's credentials.
import { posix } from "node:path";
import { asArray, asRecord, asString } from "../../lib/objects";
import { podRule } from "../../lib/pss";

// Whole trees: the path itself and everything under it.
const TREES: Array<[path: string, why: string]> = [
  ["/boot", "the node's kernel and boot loader"],
  ["/dev", "the node's devices"],
  ["/proc", "the node's processes and kernel settings"],
  ["/sys", "the node's kernel and cgroups"],
  ["/root", "the node's root home directory"],
  ["/etc/kubernetes", "the kubelet's and control plane's credentials"],
  ["/var/lib/kubelet", "every pod's volumes and Secrets, and the kubelet's credentials"],
  ["/var/lib/etcd", "the cluster's whole state"],
  ["/var/lib/docker", "the container runtime's state"],
  ["/var/lib/containerd", "the container runtime's state"],
  ["/run/containerd", "the container runtime's socket: control of the node"],
  ["/run/crio", "the container runtime's socket: control of the node"],
  ["/run/docker.sock", "the container runtime's socket: control of the node"],
];
// Directories sensitive as a whole, whose ordinary children are not (/etc/localtime, /var/log).
const EXACT: Array<[path: string, why: string]> = [
  ["/", "the node's whole filesystem"],
  ["/etc", "the node's configuration and credentials"],
  ["/usr", "the node's binaries"],
  ["/lib", "the node's libraries"],
  ["/bin", "the node's binaries"],
  ["/sbin", "the node's binaries"],
  ["/var", "the node's state"],
  ["/var/lib", "the node's state"],
  ["/run", "the node's runtime sockets"],
];
// A runtime socket wherever it lives.
const SOCKET = /(^|\/)(docker|containerd|crio|cri-dockerd)\.sock$/;

/** Why a host path is sensitive, or undefined. /var/run is /run on every current distribution. */
export function sensitiveHostPath(path: string): string | undefined {
  let normal = posix.normalize(path.trim()).replace(/(.)\/+$/, "$1");
  if (normal === "/var/run" || normal.startsWith("/var/run/")) normal = normal.slice("/var".length);
  const tree = TREES.find(([root]) => normal === root || normal.startsWith(`${root}/`));
  if (tree) return tree[1];
  const exact = EXACT.find(([root]) => normal === root);
  if (exact) return exact[1];
  return SOCKET.test(normal) ? "a container runtime's socket: control of the node" : undefined;
}

export const sensitiveHostMounts = podRule(
  {
    name: "bp-sensitive-host-mounts",
    description:
      "No hostPath volume mounts a sensitive path of the node: /, /etc, /usr, /lib, /var, /run (the directories themselves), anything under /boot, /dev, /proc, /sys, /root, /etc/kubernetes, /var/lib/kubelet, /var/lib/etcd, the runtimes' state and sockets (/var/run/docker.sock, /run/containerd, /run/crio, any docker/containerd/crio .sock). Checked even where hostPath is exempted from the Pod Security rules.",
    remediation:
      "Remove the hostPath volume; read node facts through the Kubernetes API or the downward API. An agent that must read the node (a log or metrics collector) mounts only the narrow path it needs, read-only, with an exemption stating why.",
    tags: ["best-practice"],
    enforcementLevel: "mandatory",
  },
  ({ pod }) =>
    asArray(pod.spec.volumes).flatMap((volume) => {
      const record = asRecord(volume);
      const path = asString(asRecord(record.hostPath).path);
      const why = path === undefined ? undefined : sensitiveHostPath(path);
      return why ? [`volume "${asString(record.name) ?? "?"}" mounts host path ${path} (${why})`] : [];
    }),
);
