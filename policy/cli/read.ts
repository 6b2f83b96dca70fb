// Reading YAML: multi-document files, recursively through directories. A malformed document is
// reported with its file and line, and the other documents and files are still read. js-yaml reads
// documents about 20 times faster than the yaml library, which the lint's speed depends on.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { CORE_SCHEMA, load } from "js-yaml";
import { isRecord } from "../lib/objects";
import type { Located } from "./engine";

export interface ReadError {
  file: string;
  line: number;
  message: string;
}

const MANIFEST = new Set([".yaml", ".yml", ".json"]);

export function manifestFiles(paths: string[]): { files: string[]; errors: ReadError[] } {
  const files: string[] = [];
  const errors: ReadError[] = [];
  const visit = (path: string) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      errors.push({ file: path, line: 0, message: "no such file or directory" });
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (!entry.startsWith(".") && entry !== "node_modules") visit(join(path, entry));
    } else if (MANIFEST.has(extname(path))) files.push(path);
  };
  paths.forEach(visit);
  return { files, errors };
}

/** The documents of a multi-document YAML text, each with the line (1-based) it starts on. */
export function splitDocuments(text: string): Array<{ text: string; line: number }> {
  const documents: Array<{ text: string; line: number }> = [];
  let lines: string[] = [];
  let start = 1;
  const flush = () => {
    if (lines.some((l) => l.trim() !== "" && !l.trimStart().startsWith("#"))) {
      // Start at the first line with content, as an editor shows the object.
      const first = lines.findIndex((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
      documents.push({ text: lines.slice(first).join("\n"), line: start + first });
    }
    lines = [];
  };
  text.split("\n").forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (/^---(\s|$)/.test(line)) {
      flush();
      // Content may follow the marker on its line ("--- {kind: X}").
      lines = [line.slice(3)];
      start = index + 1;
    } else if (/^\.\.\.\s*$/.test(line)) {
      flush();
      start = index + 2;
    } else {
      if (lines.length === 0) start = index + 1;
      lines.push(line);
    }
  });
  flush();
  return documents;
}

export function readManifests(file: string, text = readFileSync(file, "utf8")): { objects: Located[]; errors: ReadError[] } {
  const objects: Located[] = [];
  const errors: ReadError[] = [];
  for (const document of splitDocuments(text)) {
    let value: unknown;
    try {
      // The YAML 1.2 core schema, as the API server reads YAML (no timestamps or binary types);
      // a repeated key keeps its last value, as kubectl does.
      value = load(document.text, { schema: CORE_SCHEMA, json: true, filename: file });
    } catch (error) {
      const mark = (error as { mark?: { line: number }; reason?: string }).mark;
      errors.push({ file, line: document.line + (mark?.line ?? 0), message: (error as { reason?: string }).reason ?? String(error) });
      continue;
    }
    const line = document.line;
    // A List (kubectl get -o yaml) holds its objects in items.
    const items = isRecord(value) && value.kind === "List" && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (item === null || item === undefined) continue;
      if (!isRecord(item) || typeof item.kind !== "string") {
        errors.push({ file, line, message: "a document that is not a Kubernetes object (no kind)" });
        continue;
      }
      objects.push({ object: item, file, line });
    }
  }
  return { objects, errors };
}
