import { assertPinnedImage, podTemplateSpec, type ServiceContainer } from "./podSpec";

const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
const web = (overrides: Partial<ServiceContainer> = {}): ServiceContainer => ({
  name: "web",
  image: "ghcr.io/acme/web:1.2.3",
  ports: [{ name: "http", containerPort: 8080 }],
  probes: { liveness: { httpGet: { path: "/health", port: "http" } }, readiness: { httpGet: { path: "/ready", port: "http" } } },
  resources,
  ...overrides,
});
const identity = { service: "web", uid: 1000, serviceAccountName: "web", apiAccess: false };
const render = (args: Partial<Parameters<typeof podTemplateSpec>[0]> = {}) =>
  podTemplateSpec({ identity, containers: [web()], selector: { "app.kubernetes.io/name": "web" }, replicas: 1, ...args }) as any;

describe("the secure pod template", () => {
  it("runs as the given non-root uid with RuntimeDefault seccomp", () => {
    expect(render().spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      fsGroupChangePolicy: "OnRootMismatch",
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("locks every container down and gives it a writable /tmp", () => {
    const { spec } = render({ initContainers: [{ name: "migrate", image: "ghcr.io/acme/web:1.2.3", resources, writablePaths: ["/var/cache/app"] }] });
    for (const container of [...spec.initContainers, ...spec.containers]) {
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
      expect(container.volumeMounts).toContainEqual({ name: "writable-tmp", mountPath: "/tmp" });
    }
    expect(spec.volumes.map((v: any) => v.name)).toEqual(["writable-tmp", "writable-var-cache-app"]);
  });

  it("mounts the ServiceAccount token only for services that call the API, and labels them for network policy", () => {
    expect(render().spec.automountServiceAccountToken).toBe(false);
    expect(render().metadata.labels["lakehouse.dev/service"]).toBe("web");
    const withApi = render({ identity: { ...identity, apiAccess: true } });
    expect(withApi.spec.automountServiceAccountToken).toBe(true);
    expect(withApi.metadata.labels["lakehouse.dev/api-access"]).toBe("true");
    expect(render().spec.serviceAccountName).toBe("web");
  });

  it("spreads replicas across nodes only when there are several", () => {
    expect(render().spec.topologySpreadConstraints).toBeUndefined();
    expect(render({ replicas: 3 }).spec.topologySpreadConstraints[0]).toMatchObject({ topologyKey: "kubernetes.io/hostname", maxSkew: 1 });
  });

  it("refuses root, probes of undeclared ports and unpinned images", () => {
    expect(() => render({ identity: { ...identity, uid: 0 } })).toThrow(/non-root/);
    expect(() => render({ containers: [web({ probes: { liveness: { tcpSocket: { port: 9000 } }, readiness: { httpGet: { path: "/", port: "http" } } } })] })).toThrow(
      /port 9000, which the container does not declare/,
    );
    expect(() => render({ containers: [web({ image: "ghcr.io/acme/web:latest" })] })).toThrow(/no tag|latest|not a valid image reference/);
  });

  it("renders env from values, Secrets and the downward API", () => {
    const { spec } = render({
      containers: [
        web({
          env: [
            { name: "A", value: "1" },
            { name: "PASSWORD", secret: { name: "db", key: "password" } },
            { name: "POD", field: "metadata.name" },
          ],
        }),
      ],
    });
    expect(spec.containers[0].env).toEqual([
      { name: "A", value: "1" },
      { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
      { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
    ]);
  });
});

describe("image pinning", () => {
  it.each(["postgres:17.2", "registry.example:5000/team/app:1.0", "ghcr.io/a/b@sha256:" + "a".repeat(64), "ghcr.io/a/b:1.0@sha256:" + "b".repeat(64)])("accepts %s", (image) => {
    expect(() => assertPinnedImage(image)).not.toThrow();
  });
  it.each(["postgres", "postgres:latest", "registry.example:5000/team/app", "ghcr.io/a/b@sha256:short"])("refuses %s", (image) => {
    expect(() => assertPinnedImage(image)).toThrow(/no tag|latest|not a valid image reference/);
  });
});
