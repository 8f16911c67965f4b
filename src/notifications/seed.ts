import type { CompiledQuery } from "kysely";
import { createKysely } from "../data/kysely";
import type { DistrictDB } from "../data/schema";
import type { ModuleSeed } from "../seed/demo";
import { CHANNELS } from "./settings";

// Demo districts record every SMS, e-mail and WeChat message instead of sending it, so
// that someone trying the platform locally can read each one in the delivery log
// (/notifications/admin, and /platform/outbox for the operator). Existing settings stay.

const db = createKysely<DistrictDB>(null as unknown as D1Database);

export const notificationsSeed: ModuleSeed = async (district, ctx): Promise<CompiledQuery[]> =>
  CHANNELS.map((channel) =>
    db
      .insertInto("notification_channels")
      .values({ district_id: district.code, channel, mode: "outbox", config_json: "{}", secret_protected: null, version: 1, updated_by: null, updated_at: ctx.now })
      .onConflict((oc) => oc.doNothing())
      .compile(),
  );
