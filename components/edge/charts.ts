// The charts the edge installs, pinned by repository, name and version: a render is reproducible
// and an upgrade is a reviewed change of one line.

/** Traefik Proxy v3.6 (chart 38.0.2, January 2026), the maintained successor we chose over ingress-nginx (retired March 2026). */
export const TRAEFIK_CHART = { chart: "traefik", version: "38.0.2", repositoryOpts: { repo: "https://traefik.github.io/charts" } };

/** cert-manager v1.19 (supports Kubernetes 1.31-1.34, the minors kind pins), installed by @pulumi/kubernetes-cert-manager. */
export const CERT_MANAGER_CHART = { chart: "cert-manager", version: "v1.19.2", repositoryOpts: { repo: "https://charts.jetstack.io" } };
