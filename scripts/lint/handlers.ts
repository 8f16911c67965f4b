// npm run lint (handlers step): files that see the request (they register routes, or take
// the Hono Context to render a page) parse, call the domain and render:
//   (sql)   no query builder (selectFrom, insertInto, updateTable, deleteFrom) in a file
//           that registers routes: queries live in domain or query functions beside it;
//   (catch) no hand-written `instanceof AppError`: a form's refusal comes back through
//           attempt() (src/ui/form-state.ts), the one way a page re-renders with errors.
// Allowed for (catch): the error handler (src/app.ts) and attempt() itself, and the shard move console, whose
// refusals (404 and 400 from a shard too) are reports on its page, not a form's.
// Checked on the real tree after a fixture tree with known violations. Exit 1 on any.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { maskSource } from "./imports";

export type HandlerRule = "sql" | "catch";
type Finding = { file: string; line: number; rule: HandlerRule };

const CATCH_ALLOWED = ["src/app.ts", "src/ui/form-state.ts", "src/operations/console.tsx"];

const REGISTERS_ROUTES = /\broutes\(app\b|\bapiRoute\(|ReturnType<typeof routes>/;
const SEES_REQUEST = /\bContext<AppEnv>/;
const QUERY = /\.\s*(?:selectFrom|insertInto|updateTable|deleteFrom)\s*\(/g;
const CATCH = /\binstanceof\s+AppError\b/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

const lineAt = (code: string, offset: number) => code.slice(0, offset).split("\n").length;

export function findHandlerFindings(root: string): Finding[] {
  const findings: Finding[] = [];
  for (const full of sourceFiles(path.join(root, "src"))) {
    const file = path.relative(root, full).split(path.sep).join("/");
    const { code } = maskSource(readFileSync(full, "utf8"));
    const routesHere = REGISTERS_ROUTES.test(code);
    if (routesHere) for (const m of code.matchAll(QUERY)) findings.push({ file, line: lineAt(code, m.index), rule: "sql" });
    if ((routesHere || SEES_REQUEST.test(code)) && !CATCH_ALLOWED.includes(file)) for (const m of code.matchAll(CATCH)) findings.push({ file, line: lineAt(code, m.index), rule: "catch" });
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

const FIXTURE_EXPECTED = ["src/modules/alpha/routes.ts:7 (sql)", "src/modules/alpha/routes.ts:13 (catch)"];

const fixture = findHandlerFindings(path.resolve("scripts/lint/fixtures/handlers")).map((f) => `${f.file}:${f.line} (${f.rule})`);
if (fixture.join("\n") !== FIXTURE_EXPECTED.join("\n")) {
  console.error(`handler rules self-test failed on scripts/lint/fixtures/handlers\nexpected:\n  ${FIXTURE_EXPECTED.join("\n  ")}\ngot:\n  ${fixture.join("\n  ")}`);
  process.exit(1);
}
const found = findHandlerFindings(process.cwd());
for (const f of found) console.log(`${f.file}:${f.line}  ${f.rule === "sql" ? "a query in a route file (move it to a domain or query function)" : "a hand-written AppError catch (use attempt() from src/ui/form-state.ts)"}`);
if (found.length) process.exit(1);
console.log("handlers: no queries in route files, no hand-written AppError catches (self-test on fixtures passed)");
