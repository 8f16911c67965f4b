import type { DistrictData } from "../data/district-data";

// Names people read and search for (organizations in the directory, in claims and in
// decisions): one written form for one name. NFKC folds full-width and compatibility
// forms (ＡＢＣ → ABC); format and other default-ignorable characters (zero-width
// spaces and joiners, bidi overrides and isolates, soft hyphens, BOM) are removed, since
// they make a name look like another's while comparing different; runs of spaces become
// one. Mongolian's variation selectors and vowel separator (U+180B–U+180F) stay: they
// are part of how names in Mongolian script are spelled.

const INVISIBLE = /(?![\u180B-\u180F])[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

export function normalizeName(value: string): string {
  return value.normalize("NFKC").replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** What names are compared and searched by: normalised, no spaces, ASCII lower-cased (the SQL trigger on organizations.name_key does the last two). */
export function nameKey(value: string): string {
  return normalizeName(value)
    .replace(/[ \u3000]/g, "")
    .replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

/** Another organization of the district already has this name, once normalised. */
export async function organizationNameTaken(data: DistrictData, name: string, exceptId: string | null = null): Promise<boolean> {
  let query = data
    .selectFrom("organizations")
    .select("id")
    // Both verification states, so that the directory index (district_id, verification, name_key) serves the lookup.
    .where("verification", "in", ["verified", "unverified"])
    .where("name_key", "=", nameKey(name));
  if (exceptId) query = query.where("id", "!=", exceptId);
  return !!(await query.limit(1).executeTakeFirst());
}
