import { describe, expect, it } from "vitest";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";

/** Width, height and whether every chunk's CRC is right, read from a PNG's bytes. */
async function readPng(bytes: Uint8Array): Promise<{ width: number; height: number; crcOk: boolean; chunks: string[] }> {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (part: Uint8Array) => {
    let c = 0xffffffff;
    for (const byte of part) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  let offset = 8;
  let crcOk = true;
  const chunks: string[] = [];
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    chunks.push(new TextDecoder().decode(bytes.subarray(offset + 4, offset + 8)));
    if (crc(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) crcOk = false;
    offset += 12 + length;
  }
  return { width: view.getUint32(16), height: view.getUint32(20), crcOk, chunks };
}

describe("favicon and share pictures", () => {
  it("serves a favicon (browsers ask for /favicon.ico on their own) and the SVG icon the pages link", async () => {
    const b = new Browser();
    const ico = await b.fetch("/favicon.ico");
    expect(ico.status).toBe(200);
    expect(ico.headers.get("content-type")).toBe("image/png");
    const png = await readPng(new Uint8Array(await ico.arrayBuffer()));
    expect(png).toMatchObject({ width: 32, height: 32, crcOk: true, chunks: ["IHDR", "IDAT", "IEND"] });
    const svg = await b.fetch("/static/icon.svg");
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(await svg.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<circle/);
  });

  it("gives each district its own 300 × 300 share picture, linked as og:image from its pages", async () => {
    await districtWith("150203", { nameZh: "昆都仑区" });
    const home = await (await new Browser().fetch("/d/150203/")).text();
    expect(home).toContain('<meta property="og:image" content="https://sanshe.test/static/share/150203.png"/>');
    expect(home).toContain('<meta property="og:title" content="昆都仑区三社联动服务平台"/>');
    expect(home).toContain('<link rel="icon" href="/static/icon.svg" type="image/svg+xml"/>');
    const landing = await (await new Browser().fetch("/")).text();
    expect(landing).toContain('<meta property="og:image" content="https://sanshe.test/static/share/platform.png"/>');

    const district = new Uint8Array(await (await new Browser().fetch("/static/share/150203.png")).arrayBuffer());
    const platform = new Uint8Array(await (await new Browser().fetch("/static/share/platform.png")).arrayBuffer());
    expect(await readPng(district)).toMatchObject({ width: 300, height: 300, crcOk: true });
    expect(await readPng(platform)).toMatchObject({ width: 300, height: 300, crcOk: true });
    expect(district).not.toEqual(platform);
  });

  it("answers 404 for a share picture that is not a district code", async () => {
    expect((await new Browser().fetch("/static/share/abc.png")).status).toBe(404);
    expect((await new Browser().fetch("/static/share/1502031.png")).status).toBe(404);
  });
});
