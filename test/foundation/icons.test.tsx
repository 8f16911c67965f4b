import { describe, expect, it } from "vitest";
import { setUpModules } from "../../src/core/module-contract";
import { MODULES } from "../../src/modules";
import { FilingBadge } from "../../src/modules/disclosure/views";
import { Icon } from "../../src/ui/icons";

// The badge's words are the disclosure module's messages, in the catalog once set up.
setUpModules(MODULES);

// Status icons are inline SVG, so they draw the same on every system: no emoji or
// symbol character that a system without the right font shows as an empty box.

const FONT_DEPENDENT = /[\u2300-\u23ff\u2600-\u27bf\u{1f300}-\u{1faff}]/u;

describe("status icons", () => {
  it("draws each icon, by name or by the symbol it replaces, as hidden SVG", () => {
    for (const name of ["hourglass", "⌛", "stop", "⛔", "bell", "🔔", "check", "warn", "doc", "🗎"]) {
      const svg = String(Icon({ name }));
      expect(svg).toMatch(/^<svg class="icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false"><path d="M[^"]+"/);
      expect(svg).not.toMatch(FONT_DEPENDENT);
    }
    expect(String(Icon({ name: "⌛" }))).toBe(String(Icon({ name: "hourglass" })));
    expect(Icon({ name: "nothing" })).toBeNull();
  });

  it("a badge carries an SVG icon and its words, and no font-dependent character", () => {
    const org = { kind: "registered", registered_on: "2015-01-01", last_report_year: 2024, last_report_filed_on: "2025-05-01" };
    const html = String(FilingBadge({ l: "zh-CN", org, today: "2026-08-01", due: "05-31" }));
    expect(html).toContain('<svg class="icon"');
    expect(html).not.toMatch(FONT_DEPENDENT);
  });
});
