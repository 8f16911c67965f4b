// npm run lint (message imports step): nothing the message catalogues load, followed
// through every value import, is a module, the module list or the review engine. Every
// module imports the catalogues, so such a path closes an import cycle, and on Node a file
// on that cycle can read another's exports before they are defined (a schema's enum
// codes, the engine's rubric schema). The modules' messages reach the catalogues at set-up
// instead (setUpModules). Type-only imports are erased and load nothing. Checked on the
// real tree after a fixture tree with known violations. Exit 1 on any.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { importSpecifiers, resolveImport } from "./imports";

const FORBIDDEN = /^src\/(modules|review)\//;

/** Each path from a catalogue file to a module, the list or the engine: "a → b → c". */
export function findMessageImports(root: string): string[] {
  const rel = (file: string) => path.relative(root, file).split(path.sep).join("/");
  const valueImports = (file: string) =>
    importSpecifiers(readFileSync(file, "utf8"))
      .filter((ref) => !ref.typeOnly)
      .map((ref) => resolveImport(file, ref.specifier))
      .filter((target): target is string => target !== undefined && existsSync(target));
  const i18n = path.join(root, "src/i18n");
  const found: string[] = [];
  for (const start of readdirSync(i18n).map((name) => path.join(i18n, name))) {
    // Breadth first, so each reported chain is a shortest one.
    const via = new Map<string, string | null>([[start, null]]);
    const queue = [start];
    while (queue.length) {
      const file = queue.shift()!;
      if (FORBIDDEN.test(rel(file))) {
        const chain: string[] = [];
        for (let at: string | null = file; at; at = via.get(at) ?? null) chain.unshift(rel(at));
        found.push(chain.join(" → "));
        continue;
      }
      for (const next of valueImports(file)) {
        if (via.has(next)) continue;
        via.set(next, file);
        queue.push(next);
      }
    }
  }
  return found.sort();
}

// locale.ts names a module's type only, and lib/plain.ts is reached from no catalogue file.
const FIXTURE_EXPECTED = ["src/i18n/locale.ts → src/i18n/messages.ts → src/lib/helper.ts → src/modules/index.ts", "src/i18n/messages.ts → src/lib/helper.ts → src/modules/index.ts"];

const fixture = findMessageImports(path.resolve("scripts/lint/fixtures/message-imports"));
if (fixture.join("\n") !== FIXTURE_EXPECTED.join("\n")) {
  console.error(`message imports self-test failed on scripts/lint/fixtures/message-imports\nexpected:\n  ${FIXTURE_EXPECTED.join("\n  ")}\ngot:\n  ${fixture.join("\n  ")}`);
  process.exit(1);
}
const found = findMessageImports(process.cwd());
for (const f of found) console.log(`${f}: the message catalogues load a module, which imports them back (pass its messages at set-up)`);
if (found.length) process.exit(1);
console.log("message imports: the message catalogues load no module, module list or review engine (self-test on fixtures passed)");
