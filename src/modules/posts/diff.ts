// Differences between two revisions of a post, for people to read: which fields
// changed, from what to what, and for the long texts (工作内容, 职责范围, 工作步骤)
// which lines were removed and added.

export interface DiffLine {
  op: "same" | "added" | "removed";
  text: string;
}

/**
 * A line diff by longest common subsequence. Post texts are at most a few thousand
 * characters, so the quadratic table stays small (and is capped to be sure).
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  if (a.length * b.length > 250_000) {
    return [...a.map((text) => ({ op: "removed" as const, text })), ...b.map((text) => ({ op: "added" as const, text }))];
  }
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: "same", text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ op: "removed", text: a[i++]! });
    } else {
      out.push({ op: "added", text: b[j++]! });
    }
  }
  while (i < a.length) out.push({ op: "removed", text: a[i++]! });
  while (j < b.length) out.push({ op: "added", text: b[j++]! });
  return out;
}

export type FieldKind = "short" | "long";

export interface FieldChange<K extends string> {
  field: K;
  before: string | null; // null: the field did not exist (first revision)
  after: string;
  lines?: DiffLine[]; // long texts only
}

/** The fields that differ between two snapshots, in the order given. */
export function changedFields<K extends string>(fields: readonly { key: K; kind: FieldKind }[], before: Record<K, string> | null, after: Record<K, string>): FieldChange<K>[] {
  const changes: FieldChange<K>[] = [];
  for (const { key, kind } of fields) {
    const old = before ? before[key] : null;
    if (old === after[key]) continue;
    changes.push({ field: key, before: old, after: after[key], ...(kind === "long" && old !== null ? { lines: lineDiff(old, after[key]) } : {}) });
  }
  return changes;
}
