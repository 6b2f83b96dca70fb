import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file under dir, as paths relative to it, sorted. */
export const filesUnder = (dir: string, prefix = ""): string[] =>
  readdirSync(join(dir, prefix))
    .flatMap((entry) => (statSync(join(dir, prefix, entry)).isDirectory() ? filesUnder(dir, join(prefix, entry)) : [join(prefix, entry)]))
    .sort();
