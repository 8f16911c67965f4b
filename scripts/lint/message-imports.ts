// npm run lint (message imports step): no file a schemas.ts file imports (for values)
// value-imports src/i18n/messages.ts. The message catalogues import the module list,
// which loads every module's schemas, and a schema reads what it imports while it loads
// (the codes of an enum): a file in between that imports the catalogues back closes a
// cycle in which, on Node, the schema can read that list before it is filled. Type-only
// imports are erased and load nothing. Only the schemas' own imports are checked: deeper
// files are not read while a schema loads, and calling t() inside a function is safe.
// Checked on the real tree after a fixture tree with known violations. Exit 1 on any.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { importSpecifiers, resolveImport } from "./imports";

const MESSAGES = "src/i18n/messages.ts";

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return schemaFiles(full);
    return entry.name === "schemas.ts" ? [full] : [];
  });
}

/** Each offending import as "schema → file:line". */
export function findMessageImports(root: string): string[] {
  const rel = (file: string) => path.relative(root, file).split(path.sep).join("/");
  const valueImports = (file: string) =>
    importSpecifiers(readFileSync(file, "utf8"))
      .filter((ref) => !ref.typeOnly)
      .map((ref) => ({ ...ref, target: resolveImport(file, ref.specifier) }))
      .filter((ref): ref is typeof ref & { target: string } => ref.target !== undefined && existsSync(ref.target));
  const found: string[] = [];
  for (const schema of schemaFiles(path.join(root, "src"))) {
    for (const { target } of valueImports(schema)) {
      if (rel(target) === MESSAGES) continue;
      for (const ref of valueImports(target)) if (rel(ref.target) === MESSAGES) found.push(`${rel(schema)} → ${rel(target)}:${ref.line}`);
    }
  }
  return [...new Set(found)].sort();
}

// codes.ts names a type beside a value, which is a value import; labels.ts, one file further, is not read while the schema loads.
const FIXTURE_EXPECTED = ["src/modules/alpha/schemas.ts → src/modules/alpha/codes.ts:2"];

const fixture = findMessageImports(path.resolve("scripts/lint/fixtures/message-imports"));
if (fixture.join("\n") !== FIXTURE_EXPECTED.join("\n")) {
  console.error(`message imports self-test failed on scripts/lint/fixtures/message-imports\nexpected:\n  ${FIXTURE_EXPECTED.join("\n  ")}\ngot:\n  ${fixture.join("\n  ")}`);
  process.exit(1);
}
const found = findMessageImports(process.cwd());
for (const f of found) console.log(`${f}  value-imports ${MESSAGES}, which loads the schemas back through the module list`);
if (found.length) process.exit(1);
console.log("message imports: nothing schemas load value-imports the message catalogues (self-test on fixtures passed)");
