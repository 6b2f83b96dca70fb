// Reading YAML: multi-document files, recursively through directories. A malformed file is
// reported with its file and line, and the other files are still read.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
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

export function readManifests(file: string, text = readFileSync(file, "utf8")): { objects: Located[]; errors: ReadError[] } {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
  const objects: Located[] = [];
  const errors: ReadError[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    if (document.errors.length) {
      for (const error of document.errors) errors.push({ file, line: lines.linePos(error.pos[0]).line, message: error.message.split("\n")[0] });
      continue;
    }
    const line = lines.linePos(document.range[0]).line;
    const value = document.toJS();
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
