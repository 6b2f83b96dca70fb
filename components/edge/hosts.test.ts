import { assertPublishable, tlsSecretName, uiHost, uiUrl } from "./hosts";
import { stackConfig } from "../../test/support/components";

it("names each UI's host and certificate Secret", () => {
  expect(uiHost("trino", "lakehouse.example.com")).toBe("trino.lakehouse.example.com");
  expect(tlsSecretName("trino")).toBe("trino-tls");
});

it("gives the HTTPS URL, with kind's host port when it is not 443", () => {
  expect(uiUrl("trino", stackConfig("staging"))).toBe("https://trino.lakehouse-staging.example.com");
  expect(uiUrl("trino", stackConfig("dev"))).toBe("https://trino.lakehouse.localtest.me");
  expect(
    uiUrl(
      "trino",
      stackConfig("dev", (raw) => (raw.cluster.kind.httpsPort = 8443)),
    ),
  ).toBe("https://trino.lakehouse.localtest.me:8443");
  // The cluster's own controller does not sit behind kind's port mapping.
  const existingController = stackConfig("dev", (raw) => {
    raw.edge.controller = "existing";
    raw.cluster.kind.httpsPort = 8443;
  });
  expect(uiUrl("trino", existingController)).toBe("https://trino.lakehouse.localtest.me");
});

it("refuses names that are not DNS labels, and duplicates, all at once", () => {
  expect(() => assertPublishable(["trino", "Trino_UI", "trino"])).toThrow('"Trino_UI" is not a DNS label (lower-case letters, digits and \'-\'); "trino" is published twice');
  expect(() => assertPublishable(["trino", "grafana"])).not.toThrow();
});
