import { sha256Hex } from "../lib/crypto";

// The audit log is hash-chained: each event's hash covers its own fields and the hash
// of the event before it, so changing, removing or reordering any stored event breaks
// every hash after it. The same code computes the chain when writing (Worker) and
// when verifying (Worker route and `npm run audit:verify` in Node).

export const GENESIS_HASH = "0".repeat(64);

export interface ChainedEvent {
  chain: string; // district code, or 'platform'
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string | null;
  summary_json: string;
  request_id: string | null;
  prev_hash: string;
}

export function eventHash(event: ChainedEvent): Promise<string> {
  // A fixed field order makes the serialization canonical.
  return sha256Hex(JSON.stringify([event.chain, event.seq, event.id, event.at, event.actor_id, event.actor_role, event.action, event.target_type, event.target_id, event.summary_json, event.request_id, event.prev_hash]));
}

export interface ChainBreak {
  seq: number;
  problem: "sequence_gap" | "prev_hash_mismatch" | "hash_mismatch";
}

export interface ChainReport {
  chain: string;
  events: number;
  ok: boolean;
  firstBreak: ChainBreak | null;
}

/** Recomputes a chain from its stored events (ordered by seq) and finds the first break. */
export async function verifyChain(chain: string, events: readonly (Omit<ChainedEvent, "chain"> & { hash: string })[]): Promise<ChainReport> {
  let expectedPrev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    let problem: ChainBreak["problem"] | null = null;
    if (event.seq !== expectedSeq) problem = "sequence_gap";
    else if (event.prev_hash !== expectedPrev) problem = "prev_hash_mismatch";
    else if ((await eventHash({ ...event, chain })) !== event.hash) problem = "hash_mismatch";
    if (problem) return { chain, events: events.length, ok: false, firstBreak: { seq: event.seq, problem } };
    expectedPrev = event.hash;
    expectedSeq += 1;
  }
  return { chain, events: events.length, ok: true, firstBreak: null };
}
