// The demo seed: loads the demo people and organizations into the local databases.
// Idempotent: existing rows are kept as they are.
import type { CompiledQuery } from "kysely";
import { hashPassword } from "../../src/auth/password";
import { nowIso } from "../../src/lib/time";
import { DEMO_DISTRICTS, DEMO_PASSWORD, demoOperatorStatement, demoPlatformChannelStatement, demoStatements } from "../../src/seed/demo";
import { readTenantFiles } from "./tenants";
import { nodeSecrets } from "./node-data";
import { executeStatements, localSecrets, type Target } from "./wrangler";

export async function seedDemo(target: Target): Promise<void> {
  if (target === "--remote") throw new Error("the demo seed is for local databases only");
  const secrets = target === "--node" ? nodeSecrets() : localSecrets();
  const pepper = secrets.PASSWORD_PEPPER!;
  const shards = new Map(readTenantFiles().map((t) => [t.code, t.shard]));
  const hash = await hashPassword(DEMO_PASSWORD, pepper);
  const now = nowIso();
  const byBinding = new Map<string, CompiledQuery[]>([["PLATFORM", [demoOperatorStatement(hash, now), demoPlatformChannelStatement(now)]]]);
  for (const d of DEMO_DISTRICTS) {
    const shard = shards.get(d.code);
    if (!shard) throw new Error(`demo district ${d.code} has no file in tenants/`);
    const s = await demoStatements(d, { passwordHash: hash, now, personalDataKey: secrets.PERSONAL_DATA_KEY! });
    byBinding.get("PLATFORM")!.push(...s.platform);
    byBinding.set(shard, [...(byBinding.get(shard) ?? []), ...s.shard]);
  }
  for (const [binding, statements] of byBinding) await executeStatements(binding, statements, target);
}
