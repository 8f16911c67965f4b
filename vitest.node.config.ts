import path from "node:path";
import { defineConfig } from "vitest/config";

// The same suite on Node against the self-hosted runtime's adapters (server/): SQLite
// through better-sqlite3 instead of D1, files on disk instead of R2. The two
// `cloudflare:` modules the tests import are replaced by server/testing/.
export default defineConfig({
  resolve: {
    alias: {
      "cloudflare:workers": path.join(import.meta.dirname, "server/testing/cloudflare-workers.ts"),
      "cloudflare:test": path.join(import.meta.dirname, "server/testing/cloudflare-test.ts"),
    },
  },
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx", "server/test/**/*.test.ts"],
    // Miniflare's own queue path (request → producer → the Worker's queue()); on Node the
    // same path runs through server/queues.ts, tested by server/test/queues.test.ts.
    exclude: ["test/notifications/queue-e2e.test.ts"],
    setupFiles: ["./test/setup.ts"],
    // The SMS, e-mail and WeChat providers' stand-in on 127.0.0.1 (scripts/test-support/).
    globalSetup: ["./scripts/test-support/fake-providers.ts"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
