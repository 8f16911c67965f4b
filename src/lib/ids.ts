import { randomToken } from "./crypto";

// Ids are generated in the Worker, not by the database, because D1 has no interactive
// transactions: a batch that inserts a parent and its children must know the parent's
// id before it runs. The time prefix keeps new rows together in indexes.
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, "0");
  return `${time}${randomToken(10).replace(/[-_]/g, "x").slice(0, 12)}`;
}
