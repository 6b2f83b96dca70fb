// Building blocks for policy fixtures: a compliant Deployment, and ways to bend it.

export function compliantContainer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "app",
    image: "ghcr.io/acme/app:1.4.2",
    ports: [{ name: "http", containerPort: 8080 }],
    livenessProbe: { httpGet: { path: "/health", port: "http" } },
    readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
    ...overrides,
  };
}

export function podSpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    serviceAccountName: "app",
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
    containers: [compliantContainer()],
    ...overrides,
  };
}

export function deployment(spec: Record<string, unknown> = podSpec()): Record<string, unknown> {
  return {
    metadata: { name: "app", namespace: "lakehouse-platform", labels: { "app.kubernetes.io/name": "app" } },
    spec: { replicas: 1, selector: { matchLabels: { "app.kubernetes.io/name": "app" } }, template: { metadata: { labels: { "app.kubernetes.io/name": "app" } }, spec } },
  };
}

export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
