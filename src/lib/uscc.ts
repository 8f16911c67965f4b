// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and A-Z without I, O, Z, S, V;
// the last is a check character computed from the first 17 with weights 3^i mod 31.

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return usccCheckCharacter(code.slice(0, 17)) === code.charAt(17);
}

// A social organization's code is issued by civil affairs (registration-authority code 5)
// with the institution-type code 1 社会团体, 2 民办非企业单位 (社会服务机构), 3 基金会 or
// 9 其他 (GB 32100-2015, the code tables for the first and second characters).
const SOCIAL_TYPES: Record<string, string> = { 社会团体: "1", 社会服务机构: "2", 基金会: "3" };

// Characters 3-8 are the registering authority's division code: 100000 is national, the
// Ministry of Civil Affairs, whose organizations no district registers or supervises.
const NATIONAL = "100000";

/**
 * Why a well-formed code cannot be a social organization's of that type, as a field error
 * code. A leading 9 is a company's (market regulation) and gets its own answer. `local`:
 * the organization must be registered below the national level (signing up in a district).
 */
export function socialOrganizationUsccProblem(code: string, orgType: string, options: { local?: boolean } = {}): "uscc_company" | "uscc_authority" | "uscc_type" | "uscc_type_mismatch" | "uscc_national" | null {
  if (code.charAt(0) === "9") return "uscc_company";
  if (code.charAt(0) !== "5") return "uscc_authority";
  if (options.local && code.slice(2, 8) === NATIONAL) return "uscc_national";
  if (!"1239".includes(code.charAt(1))) return "uscc_type";
  const expected = SOCIAL_TYPES[orgType];
  return expected && expected !== code.charAt(1) ? "uscc_type_mismatch" : null;
}
