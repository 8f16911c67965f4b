import { bytesToHex } from "./crypto";

// Ids are generated in the Worker, not by the database, because D1 has no interactive
// transactions: a batch that inserts a parent and its children must know the parent's
// id before it runs. The time prefix keeps new rows together in indexes; the random
// part (64 bits) keeps ids from colliding or being guessed in sequence.
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, "0");
  return `${time}${bytesToHex(crypto.getRandomValues(new Uint8Array(8)))}`;
}
