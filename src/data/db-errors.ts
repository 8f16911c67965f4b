// The one place that knows how each runtime reports a refused write. D1 (Workers) gives
// an Error whose message is SQLite's text with prefixes and suffixes, e.g.
// "D1_ERROR: UNIQUE constraint failed: t.a, t.b: SQLITE_CONSTRAINT (extended: …)"; better-sqlite3
// (the Node runtime) gives SqliteError with code "SQLITE_CONSTRAINT_UNIQUE" and the bare
// text. Modules ask what was violated, never how the error was worded.

export type ConstraintKind = "unique" | "not_null" | "check" | "foreign_key" | "trigger";

export interface ConstraintViolation {
  kind: ConstraintKind;
  /**
   * What SQLite named: the key's columns ("t.a, t.b") for unique and not-null, the
   * constraint's expression or name for check, the RAISE text for a trigger, "" for a
   * foreign key.
   */
  detail: string;
}

const BY_TEXT: [ConstraintKind, string][] = [
  ["unique", "UNIQUE constraint failed: "],
  ["not_null", "NOT NULL constraint failed: "],
  ["check", "CHECK constraint failed: "],
  ["foreign_key", "FOREIGN KEY constraint failed"],
];

const BY_CODE: Record<string, ConstraintKind> = {
  SQLITE_CONSTRAINT_UNIQUE: "unique",
  SQLITE_CONSTRAINT_PRIMARYKEY: "unique",
  SQLITE_CONSTRAINT_NOTNULL: "not_null",
  SQLITE_CONSTRAINT_CHECK: "check",
  SQLITE_CONSTRAINT_FOREIGNKEY: "foreign_key",
  SQLITE_CONSTRAINT_TRIGGER: "trigger",
};

function messageOf(error: unknown): string {
  return String((error as { message?: unknown })?.message ?? error);
}

/** The constraint a failed statement broke, or null when the error is something else. */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  const message = messageOf(error);
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT")) return classify(BY_CODE[code], message);
  // D1: "D1_ERROR: <sqlite text>: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)";
  // the prefixes and the extended code vary by API and version.
  const d1 = /:\s*SQLITE_CONSTRAINT\w*(?:\s*\(extended:\s*(SQLITE_\w+)\))?\s*$/.exec(message);
  if (!d1) return null;
  const text = message.slice(0, d1.index).replace(/^(?:Error:\s*)?(?:D1_\w+:\s*)*/, "");
  return classify(d1[1] ? BY_CODE[d1[1]] : undefined, text);
}

function classify(kind: ConstraintKind | undefined, text: string): ConstraintViolation {
  for (const [k, prefix] of BY_TEXT) {
    if ((kind === undefined || kind === k) && text.startsWith(prefix)) return { kind: k, detail: text.slice(prefix.length).trim() };
  }
  return { kind: kind ?? "trigger", detail: kind === "foreign_key" ? "" : text.trim() };
}

/** A UNIQUE or PRIMARY KEY violation, optionally on a key of `table`. */
export function isUniqueViolation(error: unknown, table?: string): boolean {
  const v = constraintViolation(error);
  if (v?.kind !== "unique") return false;
  return table === undefined || v.detail.split(",").some((column) => column.trim().startsWith(`${table}.`));
}

/** A NOT NULL violation on `column` ("table.column"). */
export function isNotNullViolation(error: unknown, column: string): boolean {
  const v = constraintViolation(error);
  return v?.kind === "not_null" && v.detail === column;
}

/** A CHECK violation whose constraint names (or whose expression mentions) `pattern`. */
export function isCheckViolation(error: unknown, pattern: RegExp): boolean {
  const v = constraintViolation(error);
  return v?.kind === "check" && pattern.test(v.detail);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return constraintViolation(error)?.kind === "foreign_key";
}

/** The text a trigger raised (RAISE(ABORT, '…')), or null. */
export function triggerRule(error: unknown): string | null {
  const v = constraintViolation(error);
  return v?.kind === "trigger" ? v.detail : null;
}
