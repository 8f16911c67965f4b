// npm run lint (file size step): no source file under src/ or scripts/ is longer than
// 400 lines, seeds and views included, so that each file holds one aggregate or page
// a reader can take in. Lists the offenders, longest first; exit code 1 if any.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const MAX_LINES = 400;
const ROOTS = ["src", "scripts"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/.test(entry.name) ? [full] : [];
  });
}

export function lineCount(text: string): number {
  if (text === "") return 0;
  const newlines = text.split("\n").length - 1;
  return text.endsWith("\n") ? newlines : newlines + 1;
}

const offenders = ROOTS.flatMap((root) => sourceFiles(root))
  .map((file) => ({ file: file.split(path.sep).join("/"), lines: lineCount(readFileSync(file, "utf8")) }))
  .filter((f) => f.lines > MAX_LINES)
  .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));

if (offenders.length) {
  for (const o of offenders) console.log(`${String(o.lines).padStart(5)}  ${o.file}`);
  console.log(`${offenders.length} files longer than ${MAX_LINES} lines`);
  process.exit(1);
}
console.log(`file size: every source file in ${ROOTS.join(", ")} has at most ${MAX_LINES} lines`);
