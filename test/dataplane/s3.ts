// Lists a bucket as a consumer of the object store does, with that consumer's own key: an S3
// ListObjectsV2 request signed with SigV4 by curl. The key goes to curl in a config on its
// standard input, so it never shows in `ps` or in an error message. curl 7.88 does not add the
// x-amz-content-sha256 header S3 servers require, so it is sent (the hash of the empty body), and
// the prefix is percent-encoded as SigV4's canonical query string has it.
import { curl } from "./cluster";

const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export async function listObjects(endpoint: string, bucket: string, prefix: string, key: { id: string; secret: string }): Promise<string[]> {
  const config = `user = "${key.id}:${key.secret}"\n`;
  const url = `${endpoint}/${bucket}?list-type=2&prefix=${encodeURIComponent(prefix)}`;
  const listing = await curl(["--config", "-", "--aws-sigv4", "aws:amz:garage:s3", "-H", `x-amz-content-sha256: ${EMPTY_BODY_SHA256}`, url], config);
  return [...listing.matchAll(/<Key>([^<]+)<\/Key>/g)].map((match) => match[1]);
}

/** Downloads one object to `file`, as listObjects signs its requests. */
export async function getObject(endpoint: string, bucket: string, key: string, file: string, credentials: { id: string; secret: string }): Promise<void> {
  const config = `user = "${credentials.id}:${credentials.secret}"\n`;
  await curl(["--config", "-", "--aws-sigv4", "aws:amz:garage:s3", "-H", `x-amz-content-sha256: ${EMPTY_BODY_SHA256}`, "--output", file, `${endpoint}/${bucket}/${key}`], config);
}
