// Every message in a catalogue is shipped in the Worker in two languages, so a key no
// code asks for is dead weight in every deploy. A key counts as used when its full name
// appears as a string anywhere in src outside the catalogues, or when it starts with a
// prefix that code completes at run time (`posts.status.${s}`, "error." + code). The
// audit catalogue is exempt: its action labels name events already stored, whatever
// code writes today.
//   node scripts/run.mjs scripts/lint/message-keys.ts
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const EXEMPT = new Set(["src/audit/messages.ts"]);
const files: string[] = [];
const walk = (dir: string) => {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(name)) files.push(p.split(path.sep).join("/"));
  }
};
walk("src");

const isCatalogue = (f: string) => /messages[^/]*\.ts$/.test(f);
const code = files
  .filter((f) => !isCatalogue(f))
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");
const prefixes: string[] = [];
for (const m of code.matchAll(/`([\w.-]*\.)\$\{/g)) prefixes.push(m[1]!);
for (const m of code.matchAll(/["'`]([\w-]+(?:\.[\w-]+)*\.)["'`]\s*\+/g)) prefixes.push(m[1]!);

const unused: string[] = [];
for (const file of files.filter((f) => isCatalogue(f) && !EXEMPT.has(f))) {
  for (const m of readFileSync(file, "utf8").matchAll(/^\s*"([\w.-]+)":\s*\[/gm)) {
    const key = m[1]!;
    if (code.includes(`"${key}"`) || code.includes(`'${key}'`) || code.includes(`\`${key}\``)) continue;
    if (prefixes.some((p) => key.startsWith(p))) continue;
    unused.push(`${file}: ${key}`);
  }
}
if (unused.length) {
  console.error(`message keys no code uses (remove them, or use them):\n  ${unused.join("\n  ")}`);
  process.exit(1);
}
console.log("message keys: every catalogue key is used");
