// A passing and a failing fixture for every Pod Security Standards control, plus the
// version-specific relaxations.
import { policies } from "../../policies";
import { compliantContainer, deployment, DEPLOYMENT, podSpec } from "../../test/fixtures";
import { validateResource } from "../../test/harness";

const run = (name: string, spec: Record<string, unknown>, kubernetesVersion = "1.34") => {
  const policy = policies.find((p) => p.name === name);
  if (!policy) throw new Error(`no policy ${name}`);
  return validateResource(policy, DEPLOYMENT, deployment(spec), { kubernetesVersion }).violations;
};
const withContainer = (overrides: Record<string, unknown>, pod: Record<string, unknown> = {}) => podSpec({ containers: [compliantContainer(overrides)], ...pod });
const secured = (extra: Record<string, unknown>) => ({ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, ...extra } });

const cases: Array<[policy: string, failing: Record<string, unknown>, expected: RegExp]> = [
  ["pss-baseline-host-process", podSpec({ securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: true } } }), /hostProcess: true/],
  ["pss-baseline-host-namespaces", podSpec({ hostNetwork: true, hostPID: true }), /hostNetwork: true/],
  ["pss-baseline-privileged", withContainer(secured({ privileged: true })), /is privileged/],
  ["pss-baseline-capabilities", withContainer(secured({ capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } })), /adds capability SYS_ADMIN/],
  ["pss-baseline-host-path-volumes", podSpec({ volumes: [{ name: "root", hostPath: { path: "/" } }] }), /"root" is a hostPath/],
  ["pss-baseline-host-ports", withContainer({ ports: [{ name: "http", containerPort: 8080, hostPort: 80 }] }), /binds host port 80/],
  ["pss-baseline-host-probes", withContainer({ livenessProbe: { httpGet: { path: "/", port: "http", host: "example.internal" } } }), /livenessProbe.httpGet sets a host/],
  ["pss-baseline-apparmor", withContainer(secured({ appArmorProfile: { type: "Unconfined" } })), /appArmorProfile is not RuntimeDefault/],
  ["pss-baseline-selinux", podSpec({ securityContext: { runAsNonRoot: true, seLinuxOptions: { type: "spc_t", user: "system_u" } } }), /spc_t is not allowed/],
  ["pss-baseline-proc-mount", withContainer(secured({ procMount: "Unmasked" })), /procMount Unmasked/],
  ["pss-baseline-seccomp", podSpec({ securityContext: { runAsNonRoot: true, seccompProfile: { type: "Unconfined" } } }), /Unconfined/],
  ["pss-baseline-sysctls", podSpec({ securityContext: { runAsNonRoot: true, sysctls: [{ name: "kernel.msgmax", value: "1" }] } }), /kernel.msgmax/],
  ["pss-restricted-volume-types", podSpec({ volumes: [{ name: "share", nfs: { server: "nfs.example.internal", path: "/" } }] }), /of type nfs/],
  ["pss-restricted-privilege-escalation", withContainer({ securityContext: { capabilities: { drop: ["ALL"] } } }), /allowPrivilegeEscalation: false/],
  ["pss-restricted-run-as-non-root", podSpec({ securityContext: { seccompProfile: { type: "RuntimeDefault" } } }), /runAsNonRoot: true/],
  ["pss-restricted-run-as-user", withContainer(secured({ runAsUser: 0 })), /runAsUser: 0/],
  ["pss-restricted-seccomp", podSpec({ securityContext: { runAsNonRoot: true } }), /no RuntimeDefault or Localhost seccompProfile/],
  ["pss-restricted-capabilities", withContainer({ securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ["NET_RAW"] } } }), /does not drop ALL[\s\S]*|adds capability NET_RAW/],
];

describe.each(cases)("%s", (name, failing, expected) => {
  it("passes the compliant pod", () => expect(run(name, podSpec())).toEqual([]));
  it("fails the offending pod", () => {
    const violations = run(name, failing);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.join("\n")).toMatch(expected);
  });
});

it("every PSS control has a fixture", () => {
  const pss = policies.filter((p) => p.name.startsWith("pss-")).map((p) => p.name).sort();
  expect(cases.map(([name]) => name).sort()).toEqual(pss);
});

describe("version-specific relaxations", () => {
  it("checks probe hosts only from Kubernetes 1.34", () => {
    const spec = withContainer({ livenessProbe: { tcpSocket: { port: "http", host: "db.example.internal" } } });
    expect(run("pss-baseline-host-probes", spec, "1.33")).toEqual([]);
    expect(run("pss-baseline-host-probes", spec, "1.34")).toHaveLength(1);
  });
  it("allows container_engine_t from 1.31", () => {
    const spec = podSpec({ securityContext: { runAsNonRoot: true, seLinuxOptions: { type: "container_engine_t" } } });
    expect(run("pss-baseline-selinux", spec, "1.30")).toHaveLength(1);
    expect(run("pss-baseline-selinux", spec, "1.31")).toEqual([]);
  });
  it("allows the keepalive sysctls from 1.29", () => {
    const spec = podSpec({ securityContext: { runAsNonRoot: true, sysctls: [{ name: "net.ipv4.tcp_keepalive_time", value: "60" }] } });
    expect(run("pss-baseline-sysctls", spec, "1.28")).toHaveLength(1);
    expect(run("pss-baseline-sysctls", spec, "1.29")).toEqual([]);
  });
  it("exempts Windows pods from the Linux-only restricted controls", () => {
    const spec = podSpec({ os: { name: "windows" }, securityContext: { runAsNonRoot: true }, containers: [compliantContainer({ securityContext: {} })] });
    for (const name of ["pss-restricted-privilege-escalation", "pss-restricted-seccomp", "pss-restricted-capabilities"]) expect(run(name, spec)).toEqual([]);
  });
});
