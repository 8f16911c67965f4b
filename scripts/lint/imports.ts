// Finds the module specifiers a TypeScript file imports, type-only imports included
// (they couple code as much as value imports, and bundlers drop them before anyone
// sees them). The compiler ships no JavaScript API from version 7 on, so this is a
// small lexer: it blanks comments, string contents, template literals and regular
// expressions, then matches import and export-from statements on what is left. A
// quote or slash in JSX text can confuse it only until the end of that line, so
// imports on their own lines are always read right.
import { existsSync, statSync } from "node:fs";
import path from "node:path";

/** `typeOnly`: `import type …`, or braces naming types only; erased before the code runs. */
export type ImportRef = { specifier: string; line: number; typeOnly: boolean };

const REGEX_AFTER = new Set("(,=:[!&|?{};+-*%<>~^".split(""));
const REGEX_AFTER_WORD = /\b(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

/**
 * The source with comments blanked and the contents of strings, templates and regular
 * expressions blanked (same length, same lines), and each quoted string by the offset
 * of its opening quote: what is left is code a check can match without false hits.
 */
export function maskSource(source: string): { code: string; literals: Map<number, string> } {
  const masked = source.split("");
  const literals = new Map<number, string>();
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (masked[k] !== "\n") masked[k] = " ";
  };
  // Brace depth of the code around each open template `${ … }`.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const n = source.length;

  const skipTemplate = (start: number): number => {
    let k = start;
    while (k < n) {
      const ch = source[k];
      if (ch === "\\") k += 2;
      else if (ch === "`") return k + 1;
      else if (ch === "$" && source[k + 1] === "{") {
        templates.push(depth);
        depth++;
        return k + 2;
      } else k++;
    }
    return n;
  };

  while (i < n) {
    const ch = source[i]!;
    const next = source[i + 1];
    if (ch === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (ch === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (ch === '"' || ch === "'") {
      let k = i + 1;
      while (k < n && source[k] !== ch && source[k] !== "\n") k += source[k] === "\\" ? 2 : 1;
      literals.set(i, source.slice(i + 1, k));
      blank(i + 1, k);
      i = k + 1;
    } else if (ch === "`") {
      const stop = skipTemplate(i + 1);
      blank(i + 1, stop - 1);
      i = stop;
    } else if (ch === "/" && startsRegex(masked, i)) {
      let k = i + 1;
      let inClass = false;
      while (k < n && source[k] !== "\n") {
        const c = source[k];
        if (c === "\\") k++;
        else if (c === "[") inClass = true;
        else if (c === "]") inClass = false;
        else if (c === "/" && !inClass) break;
        k++;
      }
      blank(i + 1, k);
      i = k + 1;
    } else if (ch === "{") {
      depth++;
      i++;
    } else if (ch === "}") {
      depth--;
      if (templates.length && templates[templates.length - 1] === depth) {
        templates.pop();
        const stop = skipTemplate(i + 1);
        blank(i + 1, stop - 1);
        i = stop;
      } else i++;
    } else i++;
  }

  return { code: masked.join(""), literals };
}

export function importSpecifiers(source: string): ImportRef[] {
  const { code, literals } = maskSource(source);
  const found: ImportRef[] = [];
  const patterns = [/\b(?:import|export)\s+(?:type\s+)?[\w$*{}\s,]*?\bfrom\s*(["'])/g, /\bimport\s*(["'])/g, /\bimport\s*\(\s*(["'])/g];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const quote = match.index + match[0].length - 1;
      const specifier = literals.get(quote);
      if (specifier === undefined) continue;
      found.push({ specifier, line: lineAt(source, quote), typeOnly: isTypeOnly(match[0]) });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

function isTypeOnly(statement: string): boolean {
  if (/^(?:import|export)\s+type\b/.test(statement)) return true;
  const names = /^(?:import|export)\s*\{([^}]*)\}\s*from/.exec(statement)?.[1];
  if (names === undefined) return false;
  const items = names
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  return items.length > 0 && items.every((n) => /^type\s/.test(n));
}

function startsRegex(masked: string[], at: number): boolean {
  let k = at - 1;
  while (k >= 0 && /\s/.test(masked[k]!)) k--;
  if (k < 0) return true;
  if (REGEX_AFTER.has(masked[k]!)) return true;
  return REGEX_AFTER_WORD.test(masked.slice(Math.max(0, k - 8), k + 1).join(""));
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset; k++) if (source.charCodeAt(k) === 10) line++;
  return line;
}

const EXTENSIONS = [".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx", ".json"];

// The file a relative specifier names, as the bundler resolves it; undefined for
// packages. An unresolvable path is returned as written (the type check reports it).
export function resolveImport(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../") && specifier !== "." && specifier !== "..") return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  if (/\.m?js$/.test(base)) candidates.unshift(base.replace(/\.(m?)js$/, ".$1ts"), base.replace(/\.js$/, ".tsx"));
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
}
