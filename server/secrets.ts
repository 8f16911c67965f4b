// Secrets for the Node runtime: from the environment, or from a file of NAME=value lines
// that only the service's own user may read (as wrangler secrets are readable only by
// the Worker). A file others can read is refused rather than used.
import { readFileSync, statSync } from "node:fs";

export const SECRET_NAMES = ["PASSWORD_PEPPER", "PERSONAL_DATA_KEY"] as const;

export function parseSecretsFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    values[m[1]!] = value;
  }
  return values;
}

export function readSecretsFile(file: string): Record<string, string> {
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== "win32" && (mode & 0o077) !== 0) {
    throw new Error(`${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
  }
  return parseSecretsFile(readFileSync(file, "utf8"));
}

/**
 * The environment wins over the file, so a secret manager or systemd's
 * LoadCredential can override one value. Every secret must be present.
 */
export function loadSecrets(options: { file?: string; env?: Record<string, string | undefined> } = {}): Record<(typeof SECRET_NAMES)[number], string> {
  const env = options.env ?? process.env;
  const fromFile = options.file ? readSecretsFile(options.file) : {};
  const out = {} as Record<(typeof SECRET_NAMES)[number], string>;
  const missing: string[] = [];
  for (const name of SECRET_NAMES) {
    const value = env[name] || fromFile[name];
    if (value) out[name] = value;
    else missing.push(name);
  }
  if (missing.length) throw new Error(`missing secrets: ${missing.join(", ")} (set them in the environment or in ${options.file ?? "a secrets file"})`);
  return out;
}

/** Every NAME=value of the environment and the file (the environment wins), for optional settings such as the object store's keys. */
export function secretValues(options: { file?: string; env?: Record<string, string | undefined> } = {}): Record<string, string | undefined> {
  return { ...(options.file ? readSecretsFile(options.file) : {}), ...Object.fromEntries(Object.entries(options.env ?? process.env).filter(([, v]) => v)) };
}
