// npm run docs:policies (from the repository root): writes docs/policies.md from the policies' metadata.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { policiesMarkdown } from "../policy/lib/docs";
import { RULES } from "../policy/policies";

writeFileSync(join(process.cwd(), "docs", "policies.md"), policiesMarkdown(RULES));
