// A streaming ZIP writer (PKWARE APPNOTE 6.3: deflate, data descriptors, UTF-8 names).
// Entries are compressed with the runtime's CompressionStream and written as they are
// produced, so an export of a large district never sits in the Worker's memory whole.
// The same writer packages the .xlsx templates (src/lib/xlsx-write.ts).
// Each entry's SHA-256 (crypto.DigestStream) and size are returned to the caller for
// the manifest, which is written as the last entry.
import { beijingWallClock } from "./beijing-time";
import { crc32 } from "./crc32";

export interface EntryStats {
  name: string;
  bytes: number;
  sha256: string;
}

interface CentralRecord {
  name: Uint8Array;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const encoder = new TextEncoder();

function dosDateTime(date: Date): { time: number; date: number } {
  // ZIP stores local time without a zone; the platform's users are in Beijing time.
  const d = beijingWallClock(date);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class ZipWriter {
  private readonly records: CentralRecord[] = [];
  private offset = 0;
  private readonly stamp: { time: number; date: number };

  constructor(
    private readonly out: WritableStreamDefaultWriter<Uint8Array>,
    now = new Date(),
  ) {
    this.stamp = dosDateTime(now);
  }

  private async write(bytes: Uint8Array): Promise<void> {
    this.offset += bytes.length;
    await this.out.write(bytes);
  }

  /** Adds one file, compressing `chunks` as they come. */
  async add(name: string, chunks: AsyncIterable<Uint8Array>): Promise<EntryStats> {
    const nameBytes = encoder.encode(name);
    const offset = this.offset;
    const header = new DataView(new ArrayBuffer(30));
    header.setUint32(0, 0x04034b50, true);
    header.setUint16(4, 20, true); // version needed: 2.0 (deflate)
    header.setUint16(6, 0x0808, true); // bit 3: sizes follow the data; bit 11: UTF-8 name
    header.setUint16(8, 8, true); // deflate
    header.setUint16(10, this.stamp.time, true);
    header.setUint16(12, this.stamp.date, true);
    // crc and sizes stay 0 here: they are in the data descriptor.
    header.setUint16(26, nameBytes.length, true);
    await this.write(new Uint8Array(header.buffer));
    await this.write(nameBytes);

    const compressor = new CompressionStream("deflate-raw");
    const input = compressor.writable.getWriter();
    const digest = new crypto.DigestStream("SHA-256");
    const digestInput = digest.getWriter();
    let crc = 0;
    let size = 0;
    const feeding = (async () => {
      for await (const chunk of chunks) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        await digestInput.write(chunk);
        await input.write(chunk);
      }
      await digestInput.close();
      await input.close();
    })();
    // Feeding and draining run side by side; a failure of either ends both.
    feeding.catch((error) => compressor.readable.cancel(error).catch(() => {}));
    let compressed = 0;
    const reader = compressor.readable.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      compressed += value.length;
      await this.write(value);
    }
    await feeding;

    const descriptor = new DataView(new ArrayBuffer(16));
    descriptor.setUint32(0, 0x08074b50, true);
    descriptor.setUint32(4, crc, true);
    descriptor.setUint32(8, compressed, true);
    descriptor.setUint32(12, size, true);
    await this.write(new Uint8Array(descriptor.buffer));
    this.records.push({ name: nameBytes, crc, compressed, size, offset });
    return { name, bytes: size, sha256: toHex(await digest.digest) };
  }

  /** Writes the central directory and closes the output. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const r of this.records) {
      const entry = new DataView(new ArrayBuffer(46));
      entry.setUint32(0, 0x02014b50, true);
      entry.setUint16(4, 20, true); // made by: 2.0
      entry.setUint16(6, 20, true);
      entry.setUint16(8, 0x0808, true);
      entry.setUint16(10, 8, true);
      entry.setUint16(12, this.stamp.time, true);
      entry.setUint16(14, this.stamp.date, true);
      entry.setUint32(16, r.crc, true);
      entry.setUint32(20, r.compressed, true);
      entry.setUint32(24, r.size, true);
      entry.setUint16(28, r.name.length, true);
      entry.setUint32(42, r.offset, true);
      await this.write(new Uint8Array(entry.buffer));
      await this.write(r.name);
    }
    const end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, this.records.length, true);
    end.setUint16(10, this.records.length, true);
    end.setUint32(12, this.offset - start, true);
    end.setUint32(16, start, true);
    await this.write(new Uint8Array(end.buffer));
    await this.out.close();
  }
}
