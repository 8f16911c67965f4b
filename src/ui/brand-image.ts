// The platform's mark, drawn in code so that no binary asset ships with the Worker:
// three overlapping rings (the community, its social organizations and its social
// workers) on a coloured square. The favicon is the SVG; the picture a shared link
// shows (og:image) is a PNG, because WeChat and most link previews ignore SVG.
// Each district gets its own hue from its code, so two districts' links look apart.

import { crc32 } from "../lib/crc32";

const PLATFORM_HUE = 168;
const RINGS = [
  { x: 0.38, y: 0.42 },
  { x: 0.62, y: 0.42 },
  { x: 0.5, y: 0.63 },
] as const;
const RING_RADIUS = 0.2;
const RING_WIDTH = 0.055;

/** Where a page's share picture lives: the district's own, or the platform's (src/platform/brand.ts serves it). */
export function sharePicturePath(districtCode: string | null): string {
  return `/static/share/${districtCode ?? "platform"}.png`;
}

/** A stable hue for a district code (the platform's own when there is none). */
export function brandHue(districtCode: string | null): number {
  if (!districtCode) return PLATFORM_HUE;
  let h = 0;
  for (const ch of districtCode) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

/** HSL (s = 55%, l = 34%: white rings keep a contrast above 4.5:1) to 8-bit RGB. */
function background(hue: number): [number, number, number] {
  const s = 0.55;
  const l = 0.34;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export function brandSvg(hue: number): string {
  const [r, g, b] = background(hue);
  const rings = RINGS.map((c) => `<circle cx="${c.x * 64}" cy="${c.y * 64}" r="${RING_RADIUS * 64}" fill="none" stroke="#fff" stroke-width="${RING_WIDTH * 64}"/>`).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="rgb(${r},${g},${b})"/>${rings}</svg>`;
}

const SAMPLES = 3;

/** Coverage of one pixel by the rings, 0..1, from 3×3 samples (smooth edges without a rasterizer). */
function ringCoverage(px: number, py: number, size: number): number {
  let hits = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = (px + (sx + 0.5) / SAMPLES) / size;
      const y = (py + (sy + 0.5) / SAMPLES) / size;
      if (RINGS.some((c) => Math.abs(Math.hypot(x - c.x, y - c.y) - RING_RADIUS) <= RING_WIDTH / 2)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

async function zlibDeflate(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  // CompressionStream("deflate") is the zlib format that PNG's IDAT expects.
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The mark as an RGB PNG of size × size pixels. */
export async function brandPng(hue: number, size: number): Promise<Uint8Array<ArrayBuffer>> {
  const [br, bg, bb] = background(hue);
  const raw = new Uint8Array(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const a = ringCoverage(x, y, size);
      const i = row + 1 + x * 3;
      raw[i] = Math.round(br + (255 - br) * a);
      raw[i + 1] = Math.round(bg + (255 - bg) * a);
      raw[i + 2] = Math.round(bb + (255 - bb) * a);
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, size);
  view.setUint32(4, size);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, no filter, no interlace
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", await zlibDeflate(raw)), chunk("IEND", new Uint8Array())];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    png.set(p, offset);
    offset += p.length;
  }
  return png;
}
