import { defineConfig } from "vitest/config";

// Browser journeys (npm run test:e2e): Node environment, one server for the run.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["./e2e/global-setup.ts"],
    // Each accessibility check also visits the page in English, in elder mode and on a phone.
    testTimeout: 300_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
