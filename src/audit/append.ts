import type { Compilable } from "kysely";
import { atomic, isUniqueViolation } from "../data/kysely";
import { newId } from "../lib/ids";
import { nowIso } from "../lib/time";
import { eventHash, GENESIS_HASH, type ChainedEvent } from "./chain";

/** Who did it: set once per request from the session (or "public" for visitors). */
export interface Actor {
  id: string | null;
  role: string;
  requestId: string | null;
}

/** What a state change did, in words an auditor can read. No secrets, no full ID numbers. */
export interface AuditEntry {
  action: string; // dotted verb, e.g. "auth.password_changed"
  targetType: string;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  note?: string;
}

export interface ChainStore {
  chain: string;
  d1: D1Database;
  /** The newest event of this chain, or undefined when the chain is empty. */
  head(): Promise<{ seq: number; hash: string } | undefined>;
  insert(event: ChainedEvent & { hash: string }): Compilable;
}

const MAX_ATTEMPTS = 6;

/**
 * Applies `queries` and appends the audit event in one atomic batch. Two writers that
 * read the same chain head race for the same seq; the loser's whole batch rolls back
 * on the primary key and is retried with the new head, so the chain stays linear and
 * no change is ever stored without its audit event.
 */
export async function commitAudited<Row>(
  store: ChainStore,
  queries: readonly Compilable[],
  actor: Actor,
  entry: AuditEntry,
): Promise<Row[][]> {
  for (let attempt = 1; ; attempt++) {
    const head = await store.head();
    const event: ChainedEvent = {
      chain: store.chain,
      seq: (head?.seq ?? 0) + 1,
      id: newId(),
      at: nowIso(),
      actor_id: actor.id,
      actor_role: actor.role,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      summary_json: JSON.stringify({
        ...(entry.before !== undefined ? { before: entry.before } : {}),
        ...(entry.after !== undefined ? { after: entry.after } : {}),
        ...(entry.note !== undefined ? { note: entry.note } : {}),
      }),
      request_id: actor.requestId,
      prev_hash: head?.hash ?? GENESIS_HASH,
    };
    const hash = await eventHash(event);
    try {
      const results = await atomic<Row>(store.d1, [...queries, store.insert({ ...event, hash })]);
      return results.slice(0, queries.length);
    } catch (error) {
      const lostRace = isUniqueViolation(error, "audit_events") || isUniqueViolation(error, "platform_audit_events");
      if (!lostRace || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
