import { crc32 } from "../lib/crc32";

// Reads the ZIP that the data export writes (src/lib/zip.ts): the
// central directory, stored or deflated entries. Each entry's CRC-32 and size are
// checked here; the manifest's SHA-256 sums are checked by the restore.

export class ZipError extends Error {}

export async function unzip(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new ZipError("not a ZIP file (no end of central directory)");
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const files = new Map<string, Uint8Array>();
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw new ZipError(`central directory entry ${i} is damaged`);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const compressed = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const offset = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    if (view.getUint32(offset, true) !== 0x04034b50) throw new ZipError(`${name}: local header is damaged`);
    const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    const raw = bytes.subarray(start, start + compressed);
    let out: Uint8Array;
    if (method === 0) out = raw.slice();
    else if (method === 8) out = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer());
    else throw new ZipError(`${name}: compression method ${method} is not supported`);
    if (out.length !== size || crc32(out) !== crc) throw new ZipError(`${name}: damaged (size or CRC-32 differs)`);
    if (files.has(name)) throw new ZipError(`${name}: appears twice`);
    files.set(name, out);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
