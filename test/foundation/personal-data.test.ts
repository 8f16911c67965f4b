import { describe, expect, it } from "vitest";
import { lookupHash, mask, protect, reveal } from "../../src/lib/personal-data";

const KEY = "test-key";

describe("personal data", () => {
  it("stores values encrypted, differently each time, and reveals them with the key only", async () => {
    const a = await protect("150203199001011234", KEY);
    const b = await protect("150203199001011234", KEY);
    expect(a).not.toContain("150203199001011234");
    expect(a).not.toBe(b);
    expect(await reveal(a, KEY)).toBe("150203199001011234");
    await expect(reveal(a, "another-key")).rejects.toThrow();
    await expect(protect("x", undefined)).rejects.toThrow(/PERSONAL_DATA_KEY/);
  });

  it("finds equal values by a keyed hash that ignores case and spaces", async () => {
    expect(await lookupHash("id_number", " 15020319900101123x ", KEY)).toBe(await lookupHash("id_number", "15020319900101123X", KEY));
    expect(await lookupHash("id_number", "15020319900101123X", KEY)).not.toBe(await lookupHash("id_number", "15020319900101123X", "other"));
  });

  it("masks values for lists", () => {
    expect(mask("phone", "13812345678")).toBe("138****5678");
    expect(mask("id_number", "15020319900101123X")).toBe("150203********123X");
    expect(mask("address", "内蒙古包头市昆都仑区钢铁大街1号")).toBe("内蒙古包头市****");
  });
});
