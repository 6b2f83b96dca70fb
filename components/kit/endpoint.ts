// How one service reaches another: a DNS name and a port, whether the service runs in the cluster
// or outside it (contract section 7). Consumers take an Endpoint and never ask which it is.
import * as pulumi from "@pulumi/pulumi";

export interface Endpoint {
  /** A DNS name: `<service>.<namespace>.svc.cluster.local` in the cluster, the operator's name outside. */
  host: pulumi.Output<string>;
  port: number;
  /** Whether the endpoint speaks TLS (external managed services usually do). */
  tls: boolean;
}

export function inClusterEndpoint(serviceName: pulumi.Input<string>, namespace: pulumi.Input<string>, port: number): Endpoint {
  return { host: pulumi.interpolate`${serviceName}.${namespace}.svc.cluster.local`, port, tls: false };
}

export function externalEndpoint(external: { host: string; port: number; tls: boolean }): Endpoint {
  return { host: pulumi.output(external.host), port: external.port, tls: external.tls };
}

/** A service's external endpoint from its config; the config checks require one in external mode. */
export function configuredExternalEndpoint(service: string, external: { host: string; port: number; tls: boolean } | undefined): Endpoint {
  if (!external) throw new Error(`lakehouse:services.${service}.external is required in external mode (the config checks enforce this)`);
  return externalEndpoint(external);
}

/** `host:port`, for clients that take an address rather than a URL (PostgreSQL, Redis). */
export function hostPort(endpoint: Endpoint): pulumi.Output<string> {
  return pulumi.interpolate`${endpoint.host}:${endpoint.port}`;
}

/** `http(s)://host:port/path` for HTTP services. */
export function httpUrl(endpoint: Endpoint, path = ""): pulumi.Output<string> {
  return pulumi.interpolate`${endpoint.tls ? "https" : "http"}://${endpoint.host}:${endpoint.port}${path}`;
}
