// Status icons drawn inline as SVG. Emoji and symbol characters depend on the fonts of
// the reader's system: ⌛, ⛔ and 🔔 show as empty boxes in Debian's Chromium. Each icon
// is decoration beside a word that carries the meaning, so it is hidden from screen
// readers. Drawn on a 16-unit grid in the text's colour, 1em high.

/** Path data; a leading "*" means filled rather than stroked. */
const PATHS = {
  check: "M3 8.5l3 3 7-7",
  cross: "M4 4l8 8M12 4l-8 8",
  warn: "M8 2l6.5 12h-13zM8 6.5v3.5M8 12v.3",
  stop: "M2 8a6 6 0 1 0 12 0a6 6 0 1 0-12 0M5 8h6",
  hourglass: "M4 2h8M4 14h8M5 2q0 4 3 6t3 6M11 2q0 4-3 6t-3 6",
  star: "*M8 1.5l2 4.2 4.6.6-3.4 3.2.9 4.5L8 11.8 3.9 14l.9-4.5-3.4-3.2 4.6-.6z",
  edit: "M3 13l1-3 7-7 2 2-7 7zM9.5 4.5l2 2",
  doc: "M4 1.5h5l3 3v10H4zM9 1.5v3h3",
  back: "M6 3L2 7l4 4M2 7h7a4 4 0 0 1 0 8H7",
  bell: "M4 11V7a4 4 0 0 1 8 0v4l1.5 1.5h-11zM6.5 14a1.5 1.5 0 0 0 3 0",
  dot: "*M4 8a4 4 0 1 0 8 0a4 4 0 1 0-8 0",
  ring: "M4 8a4 4 0 1 0 8 0a4 4 0 1 0-8 0",
  square: "*M3.5 3.5h9v9h-9z",
  up: "*M8 3l6 10H2z",
} as const;

export type IconName = keyof typeof PATHS;

/** The characters pages used before, so a badge can keep naming its icon by its look. */
const BY_SYMBOL: Record<string, IconName> = {
  "✓": "check",
  "✔": "check",
  "✖": "cross",
  "⚠": "warn",
  "⛔": "stop",
  "⌛": "hourglass",
  "★": "star",
  "✎": "edit",
  "🗎": "doc",
  "↩": "back",
  "🔔": "bell",
  "●": "dot",
  "○": "ring",
  "■": "square",
  "▲": "up",
};

export function Icon(props: { name: IconName | string }) {
  const name: IconName | undefined = props.name in PATHS ? (props.name as IconName) : BY_SYMBOL[props.name];
  if (!name) return null;
  const d = PATHS[name];
  const filled = d.startsWith("*");
  return (
    <svg class="icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path d={filled ? d.slice(1) : d} fill={filled ? "currentColor" : "none"} stroke={filled ? undefined : "currentColor"} stroke-width={filled ? undefined : "1.8"} stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
