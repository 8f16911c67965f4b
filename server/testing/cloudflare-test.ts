// `cloudflare:test` for the test suite on Node: the few helpers the tests use.
import { applyMigrations, type Migration } from "../migrations";
import { NodeExecutionContext } from "../runtime";
import type { SqliteD1 } from "../d1";

export async function applyD1Migrations(db: D1Database, migrations: Migration[]): Promise<void> {
  applyMigrations((db as unknown as SqliteD1).sqlite, migrations);
}

export function createExecutionContext(): ExecutionContext {
  return new NodeExecutionContext() as unknown as ExecutionContext;
}

export async function waitOnExecutionContext(ctx: ExecutionContext): Promise<void> {
  await (ctx as unknown as NodeExecutionContext).settled();
}

export function createScheduledController(options: { scheduledTime?: number | Date; cron?: string } = {}): ScheduledController {
  const time = options.scheduledTime ?? Date.now();
  return { scheduledTime: time instanceof Date ? time.getTime() : time, cron: options.cron ?? "", noRetry() {} } as ScheduledController;
}

// Queue consumer tests: a batch as the Workers pool builds it, and what the handler
// decided about it, in the pool's result shape.
interface TestQueueMessage<Body> {
  id: string;
  timestamp: Date;
  body: Body;
  attempts: number;
}
interface QueueResult {
  outcome: "ok";
  ackAll: boolean;
  retryBatch: { retry: boolean; delaySeconds?: number };
  explicitAcks: string[];
  retryMessages: { msgId: string; delaySeconds?: number }[];
}
const results = new WeakMap<object, QueueResult>();

export function createMessageBatch<Body = unknown>(queueName: string, messages: TestQueueMessage<Body>[]): MessageBatch<Body> {
  const result: QueueResult = { outcome: "ok", ackAll: false, retryBatch: { retry: false }, explicitAcks: [], retryMessages: [] };
  const batch = {
    queue: queueName,
    messages: messages.map((m) => ({
      ...m,
      ack: () => {
        result.explicitAcks.push(m.id);
      },
      retry: (o: { delaySeconds?: number } = {}) => {
        result.retryMessages.push({ msgId: m.id, ...o });
      },
    })),
    ackAll: () => {
      result.ackAll = true;
    },
    retryAll: (o: { delaySeconds?: number } = {}) => {
      result.retryBatch = { retry: true, ...o };
    },
  };
  results.set(batch, result);
  return batch as unknown as MessageBatch<Body>;
}

export async function getQueueResult(batch: MessageBatch<unknown>, ctx: ExecutionContext): Promise<QueueResult> {
  await waitOnExecutionContext(ctx);
  const result = results.get(batch);
  if (!result) throw new TypeError("getQueueResult: not a batch from createMessageBatch");
  return result;
}
