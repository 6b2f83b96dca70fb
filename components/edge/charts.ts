// How the edge installs its charts (the pins themselves are in stacks/charts.ts).

/** Release name, and no CRDs: Ingresses only, the Traefik and Gateway API CRDs are not ours to install cluster-wide. */
export const TRAEFIK_RELEASE = { name: "traefik", skipCrds: true };
