import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { backupDataDir, restoreDataDir, verifyBackup } from "../backup";
import { createNodeEnv, queuesFile } from "../env";
import { NodeQueue, QueueStore } from "../queues";

const dir = mkdtempSync(path.join(os.tmpdir(), "sanshe-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function snapshot(dataDir: string) {
  const e = createNodeEnv({ dataDir, secrets: {} });
  try {
    const rows = e.databases.get("DISTRICTS_1")!.sqlite.prepare("SELECT id, name FROM organizations ORDER BY id").all();
    const files = await e.env.FILES.list({ prefix: "" });
    const texts = await Promise.all(files.objects.map(async (o) => [o.key, await (await e.env.FILES.get(o.key))!.text(), o.customMetadata] as const));
    return { rows, texts };
  } finally {
    e.close();
  }
}

describe("backup and restore of a Node data folder", () => {
  it("round-trips every shard and file while the databases are open, and refuses a damaged backup", async () => {
    const dataDir = path.join(dir, "data");
    const live = createNodeEnv({ dataDir, secrets: {}, migrate: true });
    const shard = live.databases.get("DISTRICTS_1")!.sqlite;
    const insert = shard.prepare(
      "INSERT INTO organizations (district_id, id, name, uscc, kind, org_type, area_code, verification, created_at, updated_at) VALUES ('990301', ?, ?, NULL, 'founding_team', '', NULL, 'verified', '2026-01-01', '2026-01-01')",
    );
    for (let i = 0; i < 50; i++) insert.run(`o${String(i).padStart(2, "0")}`, `组织${i}`);
    await live.env.FILES.put("990301/a.pdf", "第一份", { customMetadata: { district: "990301" } });
    await live.env.FILES.put("990301/b.pdf", new Uint8Array([1, 2, 3]));
    // A queue message sent and not yet delivered is part of the data too.
    const queues = new QueueStore(queuesFile(dataDir));
    await new NodeQueue(queues, "notifications").send({ to: "u1" });
    const before = await snapshot(dataDir);

    // Taken while the server's connections are open, as the backup command would be.
    const target = path.join(dir, "backup-1");
    const manifest = await backupDataDir(dataDir, target);
    expect(manifest.databases.sort()).toEqual(["DISTRICTS_0", "DISTRICTS_1", "PLATFORM"]);
    expect(manifest.buckets).toEqual([{ name: "FILES", objects: 2 }]);
    expect(verifyBackup(target)).toEqual([]);

    // Changes after the backup are undone by the restore.
    insert.run("zz", "之后");
    await live.env.FILES.delete("990301/a.pdf");
    await live.env.FILES.put("990301/c.pdf", "后来");
    await new NodeQueue(queues, "notifications").send({ to: "u2" });
    queues.close();
    live.close();

    const { keptAside } = restoreDataDir(target, dataDir);
    expect(keptAside).toMatch(/pre-restore-/);
    expect(await snapshot(dataDir)).toEqual(before);
    const restoredQueues = new QueueStore(queuesFile(dataDir));
    expect(restoredQueues.claim("notifications", 10, 0, 1000)?.rows.map((r) => r.body.length)).toHaveLength(1);
    restoredQueues.close();

    // One changed byte anywhere and nothing is restored.
    writeFileSync(path.join(target, "d1", "DISTRICTS_1.sqlite"), "damaged");
    expect(verifyBackup(target)).toEqual(["d1/DISTRICTS_1.sqlite: checksum differs"]);
    expect(() => restoreDataDir(target, dataDir)).toThrow(/not intact/);
    expect(await snapshot(dataDir)).toEqual(before);
  });
});
