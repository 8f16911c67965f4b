// Online backup of a Node data folder and its restore. Each SQLite database (PLATFORM,
// every shard, each bucket's index) is copied with SQLite's backup API, which gives a
// consistent snapshot while the server keeps serving; then the object files the
// snapshot of each bucket index refers to. A manifest lists every file with its size
// and SHA-256, and restore checks all of them before it replaces anything.
// The secrets are not part of a backup: keep them apart (without PERSONAL_DATA_KEY the
// personal data in a backup cannot be read, which is the point).
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: "sanshe-node-backup/1";
  createdAt: string;
  databases: string[];
  buckets: { name: string; objects: number }[];
  files: ManifestEntry[];
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function listDir(dir: string, filter: (name: string) => boolean): string[] {
  return existsSync(dir) ? readdirSync(dir).filter(filter).sort() : [];
}

async function backupDatabase(source: string, target: string): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
}

/** Writes a backup of `dataDir` into the new folder `target`. */
export async function backupDataDir(dataDir: string, target: string): Promise<Manifest> {
  if (existsSync(target)) throw new Error(`${target} already exists`);
  mkdirSync(target, { recursive: true });
  const databases = listDir(path.join(dataDir, "d1"), (f) => f.endsWith(".sqlite"));
  for (const file of databases) await backupDatabase(path.join(dataDir, "d1", file), path.join(target, "d1", file));

  // Queue messages not yet delivered (server/queues.ts): sent, so they must not be lost.
  const queues = path.join(dataDir, "queues", "queues.sqlite");
  if (existsSync(queues)) await backupDatabase(queues, path.join(target, "queues", "queues.sqlite"));

  const buckets: Manifest["buckets"] = [];
  for (const name of listDir(path.join(dataDir, "r2"), (f) => statSync(path.join(dataDir, "r2", f)).isDirectory())) {
    const from = path.join(dataDir, "r2", name);
    const to = path.join(target, "r2", name);
    await backupDatabase(path.join(from, "index.sqlite"), path.join(to, "index.sqlite"));
    const index = new Database(path.join(to, "index.sqlite"));
    try {
      const rows = index.prepare("SELECT key, blob FROM objects").all() as { key: string; blob: string }[];
      const gone: string[] = [];
      for (const row of rows) {
        const relative = path.join("objects", row.blob.slice(0, 2), row.blob);
        mkdirSync(path.dirname(path.join(to, relative)), { recursive: true });
        try {
          copyFileSync(path.join(from, relative), path.join(to, relative));
        } catch (error) {
          // Replaced or deleted after the index snapshot: the backup leaves the key out.
          if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
          gone.push(row.key);
        }
      }
      const drop = index.prepare("DELETE FROM objects WHERE key = ?");
      for (const key of gone) drop.run(key);
      index.pragma("journal_mode = DELETE");
      buckets.push({ name, objects: rows.length - gone.length });
    } finally {
      index.close();
    }
  }

  const files: ManifestEntry[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push({ path: path.relative(target, full).split(path.sep).join("/"), size: statSync(full).size, sha256: sha256(full) });
    }
  };
  walk(target);
  const manifest: Manifest = { format: "sanshe-node-backup/1", createdAt: new Date().toISOString(), databases: databases.map((f) => f.replace(/\.sqlite$/, "")), buckets, files };
  writeFileSync(path.join(target, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Every problem with a backup folder: missing, changed or unlisted files. Empty when intact. */
export function verifyBackup(source: string): string[] {
  const manifestFile = path.join(source, "manifest.json");
  if (!existsSync(manifestFile)) return [`${manifestFile} is missing`];
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
  if (manifest.format !== "sanshe-node-backup/1") return [`unknown backup format ${String(manifest.format)}`];
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    listed.add(entry.path);
    const full = path.join(source, entry.path);
    if (!existsSync(full)) problems.push(`${entry.path}: missing`);
    else if (statSync(full).size !== entry.size || sha256(full) !== entry.sha256) problems.push(`${entry.path}: checksum differs`);
  }
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(source, full).split(path.sep).join("/");
      if (entry.isDirectory()) walk(full);
      else if (relative !== "manifest.json" && !listed.has(relative)) problems.push(`${relative}: not in the manifest`);
    }
  };
  walk(source);
  return problems;
}

/**
 * Puts a verified backup in place of the data folder's databases and files. The server
 * must be stopped. What was there is kept aside in `<data>/pre-restore-<time>/`.
 */
export function restoreDataDir(source: string, dataDir: string): { keptAside: string | null } {
  const problems = verifyBackup(source);
  if (problems.length) throw new Error(`the backup is not intact, nothing was restored:\n${problems.join("\n")}`);
  mkdirSync(dataDir, { recursive: true });
  const present = ["d1", "r2", "queues"].filter((d) => existsSync(path.join(dataDir, d)));
  let keptAside: string | null = null;
  if (present.length) {
    keptAside = path.join(dataDir, `pre-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    mkdirSync(keptAside);
    for (const d of present) renameSync(path.join(dataDir, d), path.join(keptAside, d));
  }
  const manifest = JSON.parse(readFileSync(path.join(source, "manifest.json"), "utf8")) as Manifest;
  for (const entry of manifest.files) {
    const to = path.join(dataDir, entry.path);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(path.join(source, entry.path), to);
  }
  return { keptAside };
}
