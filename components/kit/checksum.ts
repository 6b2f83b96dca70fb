import { createHash } from "node:crypto";

/** A pod annotation value that changes when mounted configuration does, so the pods roll. */
export const checksum = (text: string): string => createHash("sha256").update(text).digest("hex");
