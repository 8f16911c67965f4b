import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const platformMigrations = await readD1Migrations(path.join(import.meta.dirname, "migrations/platform"));
  const districtMigrations = await readD1Migrations(path.join(import.meta.dirname, "migrations/district"));
  return {
    plugins: [
      cloudflareTest({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Test-only bindings: the migrations to apply in test/setup.ts, and test secrets.
          bindings: {
            TEST_PLATFORM_MIGRATIONS: platformMigrations,
            TEST_DISTRICT_MIGRATIONS: districtMigrations,
            PASSWORD_PEPPER: "test-pepper-not-secret",
            PERSONAL_DATA_KEY: "test-personal-data-key-not-secret",
            PUBLIC_ORIGIN: "https://sanshe.test",
            // Tests change rows behind the app's back; the page cache has tests of its own.
            PUBLIC_PAGE_CACHE: "off",
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
      setupFiles: ["./test/setup.ts"],
      // The SMS, e-mail and WeChat providers' stand-in on 127.0.0.1 (scripts/test-support/).
      globalSetup: ["./scripts/test-support/fake-providers.ts"],
      testTimeout: 30_000,
    },
  };
});
