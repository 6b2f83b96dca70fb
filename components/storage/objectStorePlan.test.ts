import { parseQuantity } from "../../policy/lib/quantity";
import { externalS3Endpoint, externalStoreOf, garageVolumes, minioReplicasAccepted, minioServerTarget, type ObjectStoreSettings, validateObjectStore } from "./objectStorePlan";

const settings = (overrides: Partial<ObjectStoreSettings>): ObjectStoreSettings => ({
  enabled: true,
  mode: "in-cluster",
  engine: "garage",
  replicationFactor: 1,
  replicas: 1,
  resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  storageSize: "10Gi",
  buckets: ["warehouse"],
  ...overrides,
});
const bytes = (quantity: string) => parseQuantity(quantity)!.value;

it("splits a Garage node's storage into metadata and data, and gives the layout 90% of the data volume", () => {
  expect(garageVolumes("10Gi")).toEqual({ meta: "512Mi", data: "9728Mi", capacityBytes: Math.floor(9728 * 2 ** 20 * 0.9) });
  expect(garageVolumes("200Gi")).toMatchObject({ meta: "10Gi", data: "190Gi" });
  // Small nodes keep a usable metadata volume.
  expect(garageVolumes("2Gi")).toMatchObject({ meta: "256Mi", data: "1792Mi" });
  for (const size of ["2Gi", "10Gi", "1Ti", "1500Gi"]) {
    const { meta, data } = garageVolumes(size);
    expect(bytes(meta) + bytes(data)).toBeLessThanOrEqual(bytes(size));
  }
});

it("runs MinIO on its local drive alone, or on every node's drive by DNS name", () => {
  const args = { statefulSet: "minio", namespace: "lakehouse-platform", port: 9000, path: "/data" };
  expect(minioServerTarget({ ...args, replicas: 1 })).toBe("/data");
  expect(minioServerTarget({ ...args, replicas: 4 })).toBe("http://minio-{0...3}.minio.lakehouse-platform.svc.cluster.local:9000/data");
});

it("accepts MinIO node counts that form erasure sets, and refuses 2, 3 and 17", () => {
  expect([1, 4, 5, 6, 8, 16, 18, 32].every(minioReplicasAccepted)).toBe(true);
  expect([2, 3, 17].some(minioReplicasAccepted)).toBe(false);
});

it("derives an external endpoint from its URL: the scheme's port unless one is given", () => {
  expect(externalS3Endpoint("https://storage.googleapis.com")).toEqual({ host: "storage.googleapis.com", port: 443, tls: true });
  expect(externalS3Endpoint("http://s3.lab.internal")).toEqual({ host: "s3.lab.internal", port: 80, tls: false });
  expect(externalS3Endpoint("https://s3.lab.internal:9443/")).toEqual({ host: "s3.lab.internal", port: 9443, tls: true });
});

describe("validateObjectStore", () => {
  const consumers = [{ name: "trino", namespaceRole: "platform" as const }];

  it("refuses 2 or 3 MinIO nodes, naming the key and what is accepted", () => {
    for (const replicas of [2, 3]) {
      expect(() => validateObjectStore(settings({ engine: "minio", replicas }), consumers, false)).toThrow(
        new RegExp(`lakehouse:services\\.objectStore\\.replicas: got ${replicas}; accepted with engine "minio": 1, or 4 or more`),
      );
    }
    expect(() => validateObjectStore(settings({ engine: "minio", replicas: 4 }), consumers, false)).not.toThrow();
  });

  it("refuses fewer Garage nodes than the copies it keeps, and nothing above", () => {
    expect(() => validateObjectStore(settings({ replicas: 2, replicationFactor: 3 }), consumers, false)).toThrow(
      /lakehouse:services\.objectStore\.replicas: got 2; accepted with engine "garage" and replicationFactor 3: at least 3/,
    );
    for (const [replicas, replicationFactor] of [
      [2, 1],
      [3, 3],
      [4, 3],
    ] as const) {
      expect(() => validateObjectStore(settings({ replicas, replicationFactor }), consumers, false)).not.toThrow();
    }
    // An external store runs no Garage node.
    const external = settings({ mode: "external", replicas: 1, external: { endpoint: "https://s3.example.com", region: "eu", pathStyle: false } });
    expect(() => validateObjectStore(external, consumers, true)).not.toThrow();
  });

  it("refuses a Garage node too small for its two volumes", () => {
    expect(() => validateObjectStore(settings({ storageSize: "1Gi" }), consumers, false)).toThrow(/storageSize: got "1Gi"; accepted with engine "garage": at least 2Gi/);
  });

  it("requires the endpoint and the operator's key in external mode", () => {
    expect(() => validateObjectStore(settings({ mode: "external" }), consumers, false)).toThrow(/objectStore\.external: missing[\s\S]*externalCredentials\.objectStore: missing/);
    const external = settings({ mode: "external", external: { endpoint: "https://s3.example.com", region: "eu", pathStyle: false } });
    expect(() => validateObjectStore(external, consumers, true)).not.toThrow();
    expect(externalStoreOf(external, { accessKeyId: "id", secretAccessKey: "secret" })).toMatchObject({ endpoint: { host: "s3.example.com", port: 443, tls: true }, region: "eu", pathStyle: false });
  });

  it("refuses duplicate and malformed consumer names", () => {
    expect(() => validateObjectStore(settings({}), [...consumers, ...consumers], false)).toThrow(/"trino": listed twice/);
    expect(() => validateObjectStore(settings({}), [{ name: "Trino_1", namespaceRole: "platform" }], false)).toThrow(/"Trino_1": accepted: a lower-case RFC 1123 name/);
  });
});
