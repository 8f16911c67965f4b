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
