// Attachments (applications, disclosures) are checked by their first bytes, never by
// their name or the type the browser claims: only PDF, JPEG and PNG are accepted, up
// to MAX_ATTACHMENT_BYTES.

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type AttachmentType = "application/pdf" | "image/png" | "image/jpeg";

const SIGNATURES: { type: AttachmentType; bytes: number[] }[] = [
  { type: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
];

export function sniffType(head: Uint8Array): AttachmentType | null {
  for (const sig of SIGNATURES) {
    if (sig.bytes.every((b, i) => head[i] === b)) return sig.type;
  }
  return null;
}

/** A file name safe to store and to put in a Content-Disposition header. */
export function safeFilename(name: string): string {
  const cleaned = name
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_")
    .trim()
    .slice(-120);
  return cleaned || "file";
}
