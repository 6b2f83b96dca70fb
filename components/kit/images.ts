// Every upstream image the platform runs, pinned to a release tag of the project's official image.
// Stacks may point all of them at a mirror (lakehouse:images.registry) or replace one
// (lakehouse:images.overrides); either way the result must still be pinned.
import type { ImageName, ImagesConfig } from "../../stacks";
import { parseImageReference } from "../../policy/lib/imageReference";
import { assertPinnedImage } from "./podSpec";

export const PINNED_IMAGES: Record<ImageName, string> = {
  garage: "docker.io/dxflrs/garage:v2.1.0",
  minio: "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z",
  minioClient: "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z",
  postgres: "docker.io/library/postgres:17.6",
  valkey: "docker.io/valkey/valkey:8.1.3",
  nessie: "ghcr.io/projectnessie/nessie:0.104.3",
  trino: "docker.io/trinodb/trino:476",
  airflow: "docker.io/apache/airflow:3.0.6",
  dagster: "docker.io/dagster/dagster-celery-k8s:1.11.9",
  curl: "docker.io/curlimages/curl:8.15.0",
  postgresExporter: "quay.io/prometheuscommunity/postgres-exporter:v0.17.1",
  valkeyExporter: "docker.io/oliver006/redis_exporter:v1.74.0",
  // Turns Airflow's StatsD metrics into a Prometheus endpoint.
  statsdExporter: "docker.io/prom/statsd-exporter:v0.31.0",
};

/** The reference a stack runs for one image: its override, or the pinned one on the mirror if any. */
export function imageFor(name: ImageName, config: ImagesConfig): string {
  const override = config.overrides[name];
  const reference = override ?? (config.registry ? onRegistry(PINNED_IMAGES[name], config.registry) : PINNED_IMAGES[name]);
  assertPinnedImage(reference);
  return reference;
}

/** `docker.io/library/postgres:17.6` on `mirror.acme:5000/hub` → `mirror.acme:5000/hub/library/postgres:17.6`. */
export function onRegistry(reference: string, registry: string): string {
  const parsed = parseImageReference(reference);
  if (!parsed?.registry) throw new Error(`pinned image ${reference} must name its registry`);
  return `${registry}/${reference.slice(parsed.registry.length + 1)}`;
}
