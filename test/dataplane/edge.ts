// Requests through the edge as a browser on this machine makes them: to https://<ui>.<domain>,
// with the name pinned to Traefik's Service (this machine reaches its cluster IP through
// kube-proxy; *.localtest.me would resolve to loopback), TLS verified against the given CA only.
import { execFile } from "node:child_process";
import type { Send } from "./trino";

export interface Login {
  user: string;
  password: string;
}

/** curl's config syntax: a quoted value with backslash escapes. */
const quoted = (value: string): string => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * A Send over the edge. The login, if any, goes to curl on its standard input (`--config -`), so
 * the password never shows in `ps`. Answers of any status come back; TLS and connection failures
 * reject with curl's message.
 */
export function edgeSend(traefikIp: string, caFile: string | undefined, login?: Login): Send {
  return (url, method, headers, body) =>
    new Promise((resolve, reject) => {
      const { hostname } = new URL(url);
      const args = ["-sS", "--max-time", "60", "--config", "-", "--resolve", `${hostname}:443:${traefikIp}`, "-X", method, "-w", "\n%{http_code}"];
      if (caFile) args.push("--cacert", caFile);
      for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
      if (body !== undefined) args.push("--data-binary", body);
      const child = execFile("curl", [...args, url], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) return reject(new Error(`curl ${method} ${url}: ${stderr.trim() || error.message}`));
        const cut = stdout.lastIndexOf("\n");
        resolve({ status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) });
      });
      child.stdin?.end(login ? `user = ${quoted(`${login.user}:${login.password}`)}\n` : "");
    });
}
