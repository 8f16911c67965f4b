import type { Compilable, CompiledQuery } from "kysely";

// Kysely builds a query as a tree of frozen nodes and walks it again on every compile():
// on a write saved every few seconds (a draft) that costs more CPU than the write itself.
// A statement whose SQL depends only on the shape of its values (which columns, how many
// rows or list items) is built and compiled once per shape and isolate; each call only
// binds its values, in the order Kysely placed them.
//
// The build function is run once with a marker in place of every value, so it must pass
// each value through as it is, and branch only on the shape (a list's length, whether a
// value is undefined or null): a value it computes on (`p.lead ? 1 : 0`, `p.version + 1`)
// would be compiled into every later call. A build that binds a changed marker is refused
// on its first run; one that tests a marker's truth cannot be told apart, so compute such
// values before the call (`isLead: m.lead ? 1 : 0`).

/** A value bound as it is: D1 binds booleans as 0 and 1 (src/data/kysely.ts). */
type Leaf = string | number | boolean | null;
type FixedValue = Leaf | undefined | readonly FixedValue[] | { readonly [key: string]: FixedValue };
export type FixedParams = { readonly [key: string]: FixedValue };

interface Template {
  compiled: readonly CompiledQuery[];
  /** For each statement, each parameter: the index of the call's value, or a value of the build itself. */
  slots: readonly (readonly (number | { constant: unknown })[])[];
}

const MARK = "\u0000fixed-value:";
const MARKED = /^\u0000fixed-value:(\d+)\u0000$/;

/**
 * The values in a fixed order and the shape they make (keys, list lengths, which are
 * undefined or null); with `marks`, the same structure with a marker for each value.
 */
function flatten(value: unknown, leaves: unknown[], marks: boolean): { shape: string; marked: unknown } {
  // Kysely writes some nulls into the SQL text (`is null`), so null is part of the shape.
  if (value === undefined || value === null) return { shape: value === null ? "n" : "u", marked: value };
  if (Array.isArray(value)) {
    const parts = value.map((v) => flatten(v, leaves, marks));
    return { shape: `[${parts.map((p) => p.shape).join(",")}]`, marked: marks ? parts.map((p) => p.marked) : undefined };
  }
  if (value !== null && typeof value === "object") {
    let shape = "{";
    const marked: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const part = flatten(v, leaves, marks);
      shape += `${key}:${part.shape},`;
      if (marks) marked[key] = part.marked;
    }
    return { shape: `${shape}}`, marked };
  }
  leaves.push(value);
  return { shape: ".", marked: marks ? `${MARK}${leaves.length - 1}\u0000` : undefined };
}

function compileTemplate<P extends FixedParams>(name: string, build: (p: P) => readonly Compilable[], params: P): Template {
  const marked = flatten(params, [], true).marked as P;
  const compiled = build(marked).map((q) => q.compile());
  const slots = compiled.map((query) => {
    if (query.sql.includes("\u0000")) throw new Error(`fixed statement ${name}: a value was written into the SQL text`);
    return query.parameters.map((p) => {
      const marked = typeof p === "string" ? MARKED.exec(p) : null;
      if (marked) return Number(marked[1]);
      if (typeof p === "string" && p.includes("\u0000")) throw new Error(`fixed statement ${name}: a value was changed before it was bound`);
      return { constant: p };
    });
  });
  return { compiled, slots };
}

/**
 * Statements of a fixed shape, built once per shape: `build` receives the parameters and
 * answers the statements, as Kysely would build them on every call. Answers a function
 * giving, for one call's parameters, the same SQL and values as `build` would (a
 * `Compilable` each, for DistrictData.read() and write() batches as usual).
 */
export function fixedStatements<P extends FixedParams>(name: string, build: (p: P) => readonly Compilable[]): (params: P) => Compilable[] {
  const templates = new Map<string, Template>();
  return (params) => {
    const leaves: unknown[] = [];
    const { shape } = flatten(params, leaves, false);
    let template = templates.get(shape);
    if (!template) {
      template = compileTemplate(name, build, params);
      templates.set(shape, template);
    }
    const { compiled, slots } = template;
    return compiled.map((query, i) => {
      const bound: CompiledQuery = { ...query, parameters: slots[i]!.map((s) => (typeof s === "number" ? leaves[s] : s.constant)) };
      return { compile: () => bound };
    });
  };
}
