import { ipLiterals } from "./ipLiterals";

it.each([["postgres://10.0.0.5:5432/db"], ["http://[fd00::1]:8080/health"], ["--host=192.168.1.10"], ["server 2001:db8::7"]])("finds the address in %s", (text) => {
  expect(ipLiterals({ env: [{ value: text }] })).toHaveLength(1);
});

it.each([["10.0.0.0/8"], ["postgres.lakehouse-platform.svc.cluster.local:5432"], ["version 1.2.3.4-rc1"], ["2026-11-23T10:00:00Z"]])("ignores %s", (text) => {
  expect(ipLiterals({ value: text })).toEqual([]);
});
