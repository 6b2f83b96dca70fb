// Writes a generated corpus of Kubernetes manifests for bench:policy: FILES files of PER_FILE objects,
// a mix of kinds, about half of them breaking some rule. Usage: node bench-policy-corpus.js DIR [TOTAL]
const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const dir = process.argv[2];
const total = Number(process.argv[3] || 10000);
const perFile = 100;
mkdirSync(dir, { recursive: true });

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

function deployment(i) {
  const bad = random() < 0.5;
  const labels = { "app.kubernetes.io/name": `app-${i}` };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: `app-${i}`, namespace: `team-${i % 20}`, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: bad ? undefined : `app-${i}`,
          automountServiceAccountToken: false,
          securityContext: bad ? {} : { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "app",
              image: bad ? "nginx:latest" : "ghcr.io/acme/app:1.4.2",
              ports: [{ name: "http", containerPort: 8080 }],
              env: [{ name: "UPSTREAM", value: bad ? "10.0.3.4:5432" : "db.team.svc.cluster.local:5432" }],
              livenessProbe: { httpGet: { path: "/health", port: "http" } },
              readinessProbe: bad ? undefined : { httpGet: { path: "/ready", port: "http" } },
              resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: !bad, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  };
}

function service(i) {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `app-${i}`, namespace: `team-${i % 20}` },
    spec: { selector: { "app.kubernetes.io/name": `app-${i}` }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
  };
}

function configMap(i) {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `cfg-${i}`, namespace: `team-${i % 20}` },
    data: { "app.properties": `db.url=jdbc:postgresql://${random() < 0.3 ? "10.1.1.1" : "db"}:5432/app` },
  };
}

const makers = [deployment, deployment, service, configMap];
for (let file = 0; file * perFile < total; file++) {
  const docs = [];
  for (let j = 0; j < perFile && file * perFile + j < total; j++) {
    const i = file * perFile + j;
    docs.push(JSON.stringify(makers[i % makers.length](i)));
  }
  writeFileSync(join(dir, `corpus-${String(file).padStart(3, "0")}.yaml`), docs.join("\n---\n") + "\n");
}
console.log(`${total} objects in ${Math.ceil(total / perFile)} files under ${dir}`);
