// npm run restore -- <backup folder>: checks every file of the backup against its
// manifest, then puts it in place of the Node data folder's databases and files
// (SANSHE_DATA_DIR, default ./.data). Stop the server first. What was there is moved
// to <data>/pre-restore-<time>/, not deleted. Afterwards: npm run audit:verify -- --node.
import path from "node:path";
import { restoreDataDir } from "../server/backup";
import { nodeDataDir } from "./lib/node-data";

const source = process.argv[2];
if (!source) {
  console.error("usage: npm run restore -- <backup folder>");
  process.exit(2);
}
try {
  const { keptAside } = restoreDataDir(path.resolve(source), nodeDataDir());
  console.log(`Restored ${source} into ${nodeDataDir()}.`);
  if (keptAside) console.log(`  The previous databases and files are in ${keptAside}.`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
