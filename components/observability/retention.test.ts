import { prometheusRetention } from "./retention";

it("keeps more history in bigger environments, capped at 80% of the volume", () => {
  expect(prometheusRetention("dev", "5Gi")).toEqual({ retention: "3d", retentionSize: "4096MB" });
  expect(prometheusRetention("staging", "50Gi")).toEqual({ retention: "15d", retentionSize: "40960MB" });
  expect(prometheusRetention("prod", "200Gi")).toEqual({ retention: "30d", retentionSize: "163840MB" });
});

it("refuses a size that is not a quantity", () => {
  expect(() => prometheusRetention("dev", "five gigs")).toThrow(/not a quantity/);
});
