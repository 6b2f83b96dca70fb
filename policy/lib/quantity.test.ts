import { formatBytes, formatCpu, parseQuantity } from "./quantity";

it.each([
  ["250m", 0.25],
  ["2", 2],
  ["1.5", 1.5],
  [".5", 0.5],
  ["512Mi", 512 * 2 ** 20],
  ["1Gi", 2 ** 30],
  ["1k", 1000],
  ["1e3", 1000],
  ["1E", 1e18],
  ["+3", 3],
])("parses %s", (text, value) => {
  expect(parseQuantity(text)?.value).toBeCloseTo(value);
});

it.each(["", "abc", "1 Gi", "1GB", "2K", "1.2.3", " 1", "1Mi ", "Mi"])("refuses %p", (text) => {
  expect(parseQuantity(text)).toBeUndefined();
});

it("formats like kubectl", () => {
  expect(formatBytes(3 * 2 ** 30)).toBe("3Gi");
  expect(formatBytes(1536 * 2 ** 20)).toBe("1536Mi");
  expect(formatCpu(0.25)).toBe("250m");
  expect(formatCpu(2)).toBe("2");
});
