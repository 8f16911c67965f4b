// `cloudflare:workers` for the test suite on Node: one env per test file (vitest gives
// each file its own module registry), like the Workers pool's per-file storage. The
// databases are in memory; files go to a temporary folder.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createNodeEnv } from "../env";
import { readMigrations } from "../migrations";
import { installWorkerGlobals } from "../runtime";

installWorkerGlobals();

const nodeEnv = createNodeEnv({
  dataDir: ":memory:",
  filesDir: mkdtempSync(path.join(os.tmpdir(), "sanshe-test-files-")),
  secrets: { PASSWORD_PEPPER: "test-pepper-not-secret", PERSONAL_DATA_KEY: "test-personal-data-key-not-secret" },
});

export const env: Record<string, unknown> = {
  ...nodeEnv.env,
  // The same test-only origin as the workerd tests (vitest.config.ts): absolute links
  // come from it, never from the request's Host.
  PUBLIC_ORIGIN: "https://sanshe.test",
  TEST_PLATFORM_MIGRATIONS: readMigrations("migrations/platform"),
  TEST_DISTRICT_MIGRATIONS: readMigrations("migrations/district"),
};
