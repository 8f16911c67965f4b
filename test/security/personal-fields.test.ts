/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { idCheckCharacter } from "../../src/lib/id-number";

// Finding 3: every input schema field that holds an ID number or a phone uses the one
// GB 11643 validator (src/lib/id-number.ts) and the one mobile-number rule. The test
// walks the exported schemas instead of naming them, so a new field is covered too.

const withCheck = (first17: string) => first17 + idCheckCharacter(first17);
const BAD_ID_NUMBERS = {
  "all zeros": "000000000000000001",
  "30 February": withCheck("15020319900230123"),
  "birth year in the future": withCheck(`150203${new Date().getUTCFullYear() + 1}0101123`),
  "province 99": withCheck("99020319900101123"),
};
const BAD_PHONES = { "starts 10": "10000000000", "starts 12": "12345678901", "ten digits": "1381234567", "landline-like": "010-12345678" };

// The district office's published phone (src/tenants/profile.ts, also in the profile
// form) is a switchboard line, not a person's mobile, and is not personal data; so is a
// post's contact line, which refuses a mobile number (test/posts/listing-terms.test.ts).
const NOT_PERSONAL = new Set(["profileSchema.phone", "profileFormSchema.phone", "postInput.contactPhone", "postEditInput.contactPhone"]);

type Shape = Record<string, z.ZodMiniType>;
function shapeOf(value: unknown): Shape | null {
  const def = (value as { _zod?: { def?: { type?: string; shape?: Shape } } })?._zod?.def;
  return def?.type === "object" && def.shape ? def.shape : null;
}

const modules = import.meta.glob<Record<string, unknown>>(["../../src/**/schemas.ts", "../../src/tenants/profile.ts"], { eager: true });
const fields: { schema: z.ZodMiniType; name: string; field: string; kind: "id" | "phone" }[] = [];
for (const [file, exports] of Object.entries(modules)) {
  for (const [name, value] of Object.entries(exports as Record<string, unknown>)) {
    const shape = shapeOf(value);
    if (!shape) continue;
    for (const field of Object.keys(shape)) {
      if (NOT_PERSONAL.has(`${name}.${field}`)) continue;
      if (/id_?number/i.test(field)) fields.push({ schema: value as z.ZodMiniType, name: `${file}#${name}`, field, kind: "id" });
      else if (/phone|mobile/i.test(field)) fields.push({ schema: value as z.ZodMiniType, name: `${file}#${name}`, field, kind: "phone" });
    }
  }
}

function issuesAt(schema: z.ZodMiniType, field: string, value: string): string[] {
  const result = z.safeParse(schema, { [field]: value });
  return result.success ? [] : result.error.issues.filter((i) => i.path[0] === field).map((i) => i.message);
}

describe("ID numbers and phones in every schema", () => {
  it("finds the registry's legal representative and the social workers' fields", () => {
    const found = fields.map((f) => f.field);
    expect(found).toEqual(expect.arrayContaining(["legalRepIdNumber", "legalRepPhone", "idNumber", "phone"]));
  });

  for (const f of fields) {
    it(`${f.name} ${f.field}`, () => {
      const bad = f.kind === "id" ? BAD_ID_NUMBERS : BAD_PHONES;
      for (const [why, value] of Object.entries(bad)) {
        expect(issuesAt(f.schema, f.field, value), `${why}: ${value}`).toEqual([f.kind === "id" ? "id_number_invalid" : "phone_invalid"]);
      }
      const good = f.kind === "id" ? withCheck("15020319900312284") : "13812345678";
      expect(issuesAt(f.schema, f.field, good), good).toEqual([]);
    });
  }
});
