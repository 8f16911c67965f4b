// npm run backup [-- <folder>]: a consistent online backup of the Node data folder
// (SANSHE_DATA_DIR, default ./.data): every SQLite shard through SQLite's backup API,
// the files, and manifest.json with each file's SHA-256. The server may keep running.
// Default folder: backups/<UTC time>/. The secrets are not included: keep them apart.
import path from "node:path";
import { backupDataDir } from "../server/backup";
import { nodeDataDir } from "./lib/node-data";

const target = path.resolve(process.argv[2] ?? path.join("backups", new Date().toISOString().replace(/[:.]/g, "-")));
const manifest = await backupDataDir(nodeDataDir(), target);
const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
console.log(`Backed up ${manifest.databases.join(", ")} and ${manifest.buckets.map((b) => `${b.objects} ${b.name} objects`).join(", ") || "no files"}`);
console.log(`  ${manifest.files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, manifest: ${path.join(target, "manifest.json")}`);
