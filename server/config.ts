// The Node runtime takes its bindings from wrangler.toml, so a shard, a variable, a cron
// or a rate limit declared for Cloudflare exists on the self-hosted server as well.
// Only the part of TOML wrangler.toml uses is read: tables, arrays of tables, strings,
// numbers, booleans, arrays and inline tables.
import { readFileSync } from "node:fs";

type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };
type Table = { [key: string]: TomlValue };

function parseValue(text: string): [TomlValue, string] {
  text = text.trimStart();
  if (text.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(text);
    if (!m) throw new Error(`wrangler.toml: unterminated string: ${text.slice(0, 40)}`);
    return [JSON.parse(`"${m[1]}"`) as string, text.slice(m[0].length)];
  }
  if (text.startsWith("'")) {
    const end = text.indexOf("'", 1);
    return [text.slice(1, end), text.slice(end + 1)];
  }
  if (text.startsWith("[")) {
    const items: TomlValue[] = [];
    let rest = text.slice(1).trimStart();
    while (!rest.startsWith("]")) {
      const [v, after] = parseValue(rest);
      items.push(v);
      rest = after.replace(/^\s*(#[^\n]*)?\s*,?\s*/, "").replace(/^(\s*#[^\n]*\n)+\s*/, "");
    }
    return [items, rest.slice(1)];
  }
  if (text.startsWith("{")) {
    const table: Table = {};
    let rest = text.slice(1).trimStart();
    while (!rest.startsWith("}")) {
      const m = /^([A-Za-z0-9_-]+|"[^"]*")\s*=\s*/.exec(rest);
      if (!m) throw new Error(`wrangler.toml: cannot read inline table at ${rest.slice(0, 40)}`);
      const [v, after] = parseValue(rest.slice(m[0].length));
      table[m[1]!.replace(/^"|"$/g, "")] = v;
      rest = after.replace(/^\s*,?\s*/, "");
    }
    return [table, rest.slice(1)];
  }
  const m = /^(true|false|[-+]?[0-9_]+(?:\.[0-9_]+)?)/.exec(text);
  if (!m) throw new Error(`wrangler.toml: cannot read value at ${text.slice(0, 40)}`);
  const raw = m[1]!;
  return [raw === "true" ? true : raw === "false" ? false : Number(raw.replaceAll("_", "")), text.slice(raw.length)];
}

export function parseToml(source: string): Table {
  const root: Table = {};
  let current = root;
  let rest = source;
  while (rest.length) {
    rest = rest.replace(/^(\s+|#[^\n]*)+/, "");
    if (!rest) break;
    const header = /^\[(\[)?\s*([A-Za-z0-9_.-]+)\s*\]?\]/.exec(rest);
    if (header) {
      const names = header[2]!.split(".");
      const child = (parent: Table, name: string, empty: () => TomlValue) => {
        if (parent[name] === undefined) parent[name] = empty();
        return parent[name];
      };
      let parent = root;
      for (const name of names.slice(0, -1)) parent = child(parent, name, () => ({})) as Table;
      const last = names[names.length - 1]!;
      if (header[1]) {
        current = {};
        (child(parent, last, () => []) as Table[]).push(current);
      } else current = child(parent, last, () => ({})) as Table;
      rest = rest.slice(header[0].length);
      continue;
    }
    const key = /^([A-Za-z0-9_-]+|"[^"]*")\s*=\s*/.exec(rest);
    if (!key) throw new Error(`wrangler.toml: cannot read line ${rest.slice(0, 40)}`);
    const [value, after] = parseValue(rest.slice(key[0].length));
    current[key[1]!.replace(/^"|"$/g, "")] = value;
    rest = after;
  }
  return root;
}

export interface WorkerConfig {
  d1: { binding: string; migrationsDir: string }[];
  r2: string[];
  vars: Record<string, string>;
  crons: string[];
  ratelimits: { name: string; limit: number; period: number }[];
  queues: QueuesConfig;
}

/** [[queues.producers]] and [[queues.consumers]], with Cloudflare's defaults filled in. */
export interface QueuesConfig {
  producers: { binding: string; queue: string }[];
  consumers: QueueConsumerConfig[];
}

export interface QueueConsumerConfig {
  queue: string;
  maxBatchSize: number;
  /** Seconds a partial batch waits for more messages. */
  maxBatchTimeout: number;
  maxRetries: number;
  deadLetterQueue: string | null;
  /** Seconds before a retried message is delivered again; null: back off exponentially. */
  retryDelay: number | null;
}

export function readWorkerConfig(file = "wrangler.toml"): WorkerConfig {
  const toml = parseToml(readFileSync(file, "utf8"));
  const tables = (name: string) => (toml[name] ?? []) as Table[];
  return {
    d1: tables("d1_databases").map((t) => ({ binding: String(t.binding), migrationsDir: String(t.migrations_dir ?? "migrations") })),
    r2: tables("r2_buckets").map((t) => String(t.binding)),
    vars: Object.fromEntries(Object.entries((toml.vars ?? {}) as Table).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
    crons: (((toml.triggers as Table | undefined)?.crons ?? []) as string[]).map(String),
    ratelimits: tables("ratelimits").map((t) => {
      const simple = (t.simple ?? {}) as Table;
      return { name: String(t.name ?? t.binding), limit: Number(simple.limit ?? 100), period: Number(simple.period ?? 60) };
    }),
    queues: queuesOf((toml.queues ?? {}) as Table),
  };
}

function queuesOf(queues: Table): QueuesConfig {
  const list = (name: string) => (queues[name] ?? []) as Table[];
  return {
    producers: list("producers").map((t) => ({ binding: String(t.binding), queue: String(t.queue) })),
    consumers: list("consumers").map((t) => ({
      queue: String(t.queue),
      maxBatchSize: Number(t.max_batch_size ?? 10),
      maxBatchTimeout: Number(t.max_batch_timeout ?? 5),
      maxRetries: Number(t.max_retries ?? 3),
      deadLetterQueue: t.dead_letter_queue === undefined ? null : String(t.dead_letter_queue),
      retryDelay: t.retry_delay === undefined ? null : Number(t.retry_delay),
    })),
  };
}

/**
 * The [vars] an installation sets in its environment (e.g. PUBLIC_ORIGIN in the systemd
 * unit): only keys wrangler.toml declares, so no unrelated variable reaches the app.
 */
export function varsFromEnvironment(config: WorkerConfig, environment: Record<string, string | undefined> = process.env): Record<string, string> {
  return Object.fromEntries(Object.keys(config.vars).flatMap((key) => (environment[key] ? [[key, environment[key]!]] : [])));
}
