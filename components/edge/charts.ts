// The charts the edge installs, pinned by repository, name and version: a render is reproducible
// and an upgrade is a reviewed change of one line. test/e2e/charts.e2e.test.ts renders these very
// versions (fetched by scripts/toolchain/charts.sh) with our values.

/** Traefik Proxy v3.7.13 (chart 41.6.0), the maintained successor we chose over ingress-nginx (retired March 2026). */
export const TRAEFIK_CHART = { chart: "traefik", version: "41.6.0", repositoryOpts: { repo: "https://traefik.github.io/charts" } };

/** Release name, and no CRDs: Ingresses only, the Traefik and Gateway API CRDs are not ours to install cluster-wide. */
export const TRAEFIK_RELEASE = { name: "traefik", skipCrds: true };

/**
 * cert-manager v1.21.2, installed by @pulumi/kubernetes-cert-manager (which has no default version:
 * without this pin it installs whatever is newest). Its own e2e runs on Kubernetes 1.33-1.36.
 */
export const CERT_MANAGER_CHART = { chart: "cert-manager", version: "v1.21.2", repositoryOpts: { repo: "https://charts.jetstack.io" } };
