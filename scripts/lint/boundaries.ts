// npm run lint (boundaries step): the import rules that keep modules and the review
// engine replaceable. Checked on every file under src/:
//   (a) a module uses another module only through that module's index.ts;
//   (b) the core (src/ outside modules/ and review/) imports no module and not the
//       engine, except src/modules/index.ts, the one list of module manifests, and
//       src/modules/seeds.ts, the one list of demo seeds (read by the seed only);
//   (c) the review engine imports no module;
//   (d) a module uses the engine only through src/review/index.ts;
//   (e) the message catalogues (src/i18n/) import not even the module list: every module
//       imports them, and they receive the modules' messages at set-up instead.
// Before the real tree it checks a fixture tree with known violations, so a rule that
// silently stopped matching fails here too. Exit code 1 on any violation.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { importSpecifiers, resolveImport } from "./imports";

export type Rule = "a" | "b" | "c" | "d" | "e";
export type Violation = { file: string; line: number; target: string; rule: Rule };

export const RULES: Record<Rule, string> = {
  a: "a module imports another module's internals (use its index.ts)",
  b: "core code imports a module or the review engine (only src/modules/index.ts and src/modules/seeds.ts are allowed)",
  c: "the review engine imports a module",
  d: "a module imports the review engine's internals (use src/review/index.ts)",
  e: "the message catalogues import the module list (they receive the modules' messages in setUpModules)",
};

type Zone = { kind: "module"; name: string } | { kind: "modules-root" } | { kind: "review" } | { kind: "core" } | { kind: "outside" };

// `rel` is a path relative to the project root with forward slashes.
export function zoneOf(rel: string): Zone {
  const parts = rel.split("/");
  if (parts[0] !== "src") return { kind: "outside" };
  if (parts[1] === "modules") return parts.length > 3 ? { kind: "module", name: parts[2]! } : { kind: "modules-root" };
  if (parts[1] === "review") return { kind: "review" };
  return { kind: "core" };
}

export function brokenRule(from: string, to: string): Rule | undefined {
  const source = zoneOf(from);
  const target = zoneOf(to);
  if (source.kind === "module") {
    if (target.kind === "module" && target.name !== source.name && to !== `src/modules/${target.name}/index.ts`) return "a";
    if (target.kind === "review" && to !== "src/review/index.ts") return "d";
  } else if (source.kind === "core") {
    if (from.startsWith("src/i18n/") && target.kind === "modules-root") return "e";
    if (target.kind === "module" || target.kind === "review" || (target.kind === "modules-root" && to !== "src/modules/index.ts" && to !== "src/modules/seeds.ts")) return "b";
  } else if (source.kind === "review") {
    if (target.kind === "module" || target.kind === "modules-root") return "c";
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|js|mjs|jsx)$/.test(entry.name) ? [full] : [];
  });
}

export function findViolations(root: string): Violation[] {
  const rel = (file: string) => path.relative(root, file).split(path.sep).join("/");
  const violations: Violation[] = [];
  for (const file of sourceFiles(path.join(root, "src"))) {
    for (const ref of importSpecifiers(readFileSync(file, "utf8"))) {
      const resolved = resolveImport(file, ref.specifier);
      if (resolved === undefined) continue;
      const rule = brokenRule(rel(file), rel(resolved));
      if (rule) violations.push({ file: rel(file), line: ref.line, target: rel(resolved), rule });
    }
  }
  return violations.sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line);
}

export function report(violations: Violation[]): string {
  const lines: string[] = [];
  let current = "";
  for (const v of violations) {
    if (v.file !== current) {
      current = v.file;
      lines.push(current);
    }
    lines.push(`  ${String(v.line).padStart(4)}  (${v.rule}) ${v.target}`);
  }
  const counts = (Object.keys(RULES) as Rule[]).map((r) => `  (${r}) ${violations.filter((v) => v.rule === r).length}  ${RULES[r]}`);
  return [...lines, `${violations.length} boundary violations in ${new Set(violations.map((v) => v.file)).size} files:`, ...counts].join("\n");
}

// What the fixture tree must produce: each rule broken, by an import and a re-export
// for (b); the allowed imports, comments and strings beside them produce nothing.
const FIXTURE_EXPECTED = [
  "src/core/uses-module.ts:2 (b) src/modules/beta/index.ts",
  "src/core/uses-module.ts:3 (b) src/modules/beta/index.ts",
  "src/i18n/messages.ts:2 (e) src/modules/index.ts",
  "src/modules/alpha/page.ts:6 (a) src/modules/beta/internal.ts",
  "src/modules/alpha/page.ts:9 (d) src/review/engine.ts",
  "src/review/engine.ts:2 (c) src/modules/beta/index.ts",
];

function selfTest(): boolean {
  const root = path.resolve(process.cwd(), "scripts/lint/fixtures/boundaries");
  const got = findViolations(root).map((v) => `${v.file}:${v.line} (${v.rule}) ${v.target}`);
  const ok = got.length === FIXTURE_EXPECTED.length && got.every((g, k) => g === FIXTURE_EXPECTED[k]);
  if (!ok) console.error(`boundary rules self-test failed on scripts/lint/fixtures/boundaries\nexpected:\n  ${FIXTURE_EXPECTED.join("\n  ")}\ngot:\n  ${got.join("\n  ")}`);
  return ok;
}

if (!selfTest()) process.exit(1);
const violations = findViolations(process.cwd());
if (violations.length) {
  console.log(report(violations));
  process.exit(1);
}
console.log("boundaries: no violations (self-test on fixtures passed)");
