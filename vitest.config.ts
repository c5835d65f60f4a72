import path from "node:path";
import { defineConfig } from "vitest/config";

const r = (p: string) => path.resolve(__dirname, p);

export default defineConfig({
  resolve: {
    alias: [
      { find: /^~\//, replacement: r("app") + "/" },
      { find: /^#db\//, replacement: r("db") + "/" },
      { find: /^#server\//, replacement: r("server") + "/" },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/global.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite costs ~0.9 GB per instance: one file at a time on the embedded engine; two on PostgreSQL.
    fileParallelism: !!(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL),
    maxWorkers: 2,
    pool: "forks",
  },
});
