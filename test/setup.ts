import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Storage is isolated per test file; every file starts from migrated, empty databases.
const e = env as unknown as Record<string, unknown> & {
  PLATFORM: D1Database;
  DISTRICTS_0: D1Database;
  DISTRICTS_1: D1Database;
  TEST_PLATFORM_MIGRATIONS: Parameters<typeof applyD1Migrations>[1];
  TEST_DISTRICT_MIGRATIONS: Parameters<typeof applyD1Migrations>[1];
};
await applyD1Migrations(e.PLATFORM, e.TEST_PLATFORM_MIGRATIONS);
await applyD1Migrations(e.DISTRICTS_0, e.TEST_DISTRICT_MIGRATIONS);
await applyD1Migrations(e.DISTRICTS_1, e.TEST_DISTRICT_MIGRATIONS);
