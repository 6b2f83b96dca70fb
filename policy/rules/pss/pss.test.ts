// A passing and a failing fixture for every Pod Security Standards control, plus the
// version-specific relaxations.
import { enforceVersion } from "../../lib/podSecurityVersion";
import type { RuleContext } from "../../lib/rule";
import { policies, RULES } from "../../policies";
import { compliantContainer, deployment, DEPLOYMENT, podSpec } from "../../test/fixtures";
import { UNKNOWN_STRING, validateResource, validateStack } from "../../test/harness";

const policy = (name: string) => {
  const found = policies.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
};
// Version-dependent controls run as stack policies (they need the pod's Namespace), the others per resource.
const judge = (name: string, resources: Array<{ type: string; props: Record<string, unknown> }>, config: Record<string, unknown> = {}) => {
  const p = policy(name);
  return "validateStack" in p ? validateStack(p, resources, config) : validateResource(p, resources[0].type, resources[0].props, config);
};
const run = (name: string, spec: Record<string, unknown>, kubernetesVersion = "1.35") => judge(name, [{ type: DEPLOYMENT, props: deployment(spec) }], { kubernetesVersion }).violations;
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
  ["pss-restricted-proc-mount", withContainer(secured({ procMount: "Unmasked" }), { hostUsers: false }), /procMount Unmasked/],
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
  const pss = policies
    .filter((p) => p.name.startsWith("pss-"))
    .map((p) => p.name)
    .sort();
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
  it("allows tcp_rmem and tcp_wmem from 1.32, tcp_slow_start_after_idle and tcp_notsent_lowat from 1.37", () => {
    const spec = (name: string) => podSpec({ securityContext: { runAsNonRoot: true, sysctls: [{ name, value: "1" }] } });
    expect(run("pss-baseline-sysctls", spec("net.ipv4.tcp_rmem"), "1.31")).toHaveLength(1);
    expect(run("pss-baseline-sysctls", spec("net.ipv4.tcp_wmem"), "1.32")).toEqual([]);
    expect(run("pss-baseline-sysctls", spec("net.ipv4.tcp_notsent_lowat"), "1.36")).toHaveLength(1);
    expect(run("pss-baseline-sysctls", spec("net.ipv4.tcp_slow_start_after_idle"), "1.37")).toEqual([]);
  });
  it("lets baseline, not restricted, unmask /proc in a user namespace from 1.35", () => {
    const inUserNamespace = withContainer(secured({ procMount: "Unmasked" }), { hostUsers: false });
    expect(run("pss-baseline-proc-mount", inUserNamespace, "1.34")).toHaveLength(1);
    expect(run("pss-baseline-proc-mount", inUserNamespace, "1.35")).toEqual([]);
    expect(run("pss-restricted-proc-mount", inUserNamespace, "1.35")).toHaveLength(1);
    // Without a user namespace baseline still refuses it, and restricted adds no second finding.
    const hostUsers = withContainer(secured({ procMount: "Unmasked" }));
    expect(run("pss-baseline-proc-mount", hostUsers, "1.35")).toHaveLength(1);
    expect(run("pss-restricted-proc-mount", hostUsers, "1.35")).toEqual([]);
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

describe("the Pod Security version of a pod's Namespace (pod-security.kubernetes.io/enforce-version)", () => {
  const namespace = (version?: string) => ({
    type: "kubernetes:core/v1:Namespace",
    props: { metadata: { name: "lakehouse-platform", labels: { "pod-security.kubernetes.io/enforce": "restricted", ...(version ? { "pod-security.kubernetes.io/enforce-version": version } : {}) } } },
  });
  const probeHost = { type: DEPLOYMENT, props: deployment(withContainer({ livenessProbe: { tcpSocket: { port: "http", host: "db.example.internal" } } })) };
  const violations = (resources: Array<{ type: string; props: Record<string, unknown> }>, config: Record<string, unknown> = {}) => judge("pss-baseline-host-probes", resources, config).violations;

  it("judges a pod with its Namespace's version when none is configured", () => {
    expect(violations([namespace("v1.34"), probeHost])).toHaveLength(1);
    expect(violations([namespace("v1.33"), probeHost])).toEqual([]);
  });
  it("falls back to the default version (1.31) without a label, with latest, or for a Namespace outside the stack", () => {
    expect(violations([namespace(), probeHost])).toEqual([]);
    expect(violations([namespace("latest"), probeHost])).toEqual([]);
    expect(violations([namespace("v1.34"), { ...probeHost, props: { ...probeHost.props, metadata: { name: "app", namespace: "elsewhere" } } }])).toEqual([]);
  });
  it("lets a configured kubernetesVersion override the label, both ways", () => {
    expect(violations([namespace("v1.34"), probeHost], { kubernetesVersion: "1.33" })).toEqual([]);
    expect(violations([namespace("v1.33"), probeHost], { kubernetesVersion: "1.34" })).toHaveLength(1);
  });
  it("reads the label, not the whole Namespace: only an unknown label leaves the check unverifiable during preview", () => {
    const ns = namespace("v1.34");
    const withAnnotation = { metadata: { ...(ns.props.metadata as object), annotations: { owner: UNKNOWN_STRING } } };
    expect(judge("pss-baseline-host-probes", [{ ...ns, props: withAnnotation }, probeHost])).toEqual({ violations: [expect.stringMatching(/sets a host/)] });
    const unknownLabel = { metadata: { name: "lakehouse-platform", labels: { "pod-security.kubernetes.io/enforce-version": UNKNOWN_STRING } } };
    expect(judge("pss-baseline-host-probes", [{ ...ns, props: unknownLabel }, probeHost]).unverifiable).toMatch(/can't run during preview/);
  });
  it("parses the label as admission does", () => {
    expect(["v1.33", "1.29", "latest", "v2", "", undefined].map(enforceVersion)).toEqual(["1.33", "1.29", undefined, undefined, undefined, undefined]);
  });
  it("marks exactly the rules that consult the version as versioned (so CrossGuard gives them the Namespace)", () => {
    const fixtures = [
      deployment(),
      deployment(withContainer({ livenessProbe: { tcpSocket: { port: "http", host: "h" } } })),
      deployment(podSpec({ securityContext: { runAsNonRoot: true, sysctls: [{ name: "kernel.msgmax" }], seLinuxOptions: { type: "spc_t" } } })),
    ];
    const consulting = RULES.filter((rule) => {
      if (rule.scope !== "object") return false;
      let consulted = false;
      const context: RuleContext = {
        kubernetesVersion: "1.31",
        get podSecurityVersion() {
          consulted = true;
          return "1.34";
        },
      };
      for (const props of fixtures) rule.check({ apiVersion: "apps/v1", kind: "Deployment", ...props }, context);
      return consulted;
    });
    expect(consulting.map((r) => r.name).sort()).toEqual(
      RULES.filter((r) => r.scope === "object" && r.versioned)
        .map((r) => r.name)
        .sort(),
    );
    expect(consulting.length).toBe(5);
  });
});
