// 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit
// sequence (odd for men, even for women) and a check character: the weighted sum of
// the first 17 digits (weights 2^(17-i) mod 11) mod 11, mapped through "10X98765432".
// Also mainland mobile numbers (11 digits, 1[3-9]…).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

// Province-level codes (GB/T 2260), plus 81/82/83 of residence permits for Hong Kong,
// Macao and Taiwan residents, which follow the same format.
const PROVINCES = new Set(["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"]);

export function idCheckCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Upper-cases the check character and drops surrounding spaces. */
export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/** The birth date an ID number states (YYYY-MM-DD), or null if it is not a real date. */
export function idBirthDate(id: string): string | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(id);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * A plausible 18-character ID number: known province, a real birth date between 1900
 * and `today`, and the right check character. `today` is YYYY-MM-DD.
 */
export function isValidIdNumber(value: string, today: string = new Date().toISOString().slice(0, 10)): boolean {
  const id = normalizeIdNumber(value);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!PROVINCES.has(id.slice(0, 2))) return false;
  const birth = idBirthDate(id);
  if (!birth || birth < "1900-01-01" || birth > today) return false;
  return idCheckCharacter(id.slice(0, 17)) === id[17];
}

/** Strips spaces, hyphens and a +86 / 0086 prefix: "+86 138-1234-5678" → "13812345678". */
export function normalizeMobile(value: string): string {
  const compact = value.replace(/[\s-]/g, "");
  return compact.replace(/^(\+86|0086)(?=1\d{10}$)/, "");
}

export function isValidMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalizeMobile(value));
}
