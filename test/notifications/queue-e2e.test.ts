import { describe, expect, it } from "vitest";
import { districtWith } from "../fixtures/district";
import { rows } from "./helpers";

// The whole path in Miniflare: a request's write adds the outbox event, the request hands
// its id to NOTIFICATIONS_QUEUE after the response, and the Worker's queue() consumer
// delivers it.

describe("the notifications queue", () => {
  it("carries a request's event to the consumer, which delivers it", async () => {
    const d = await districtWith("150960", { people: { admin: "district_admin" } });
    expect((await d.admin.b.submit(d.path("/notifications/admin/test"), {}, d.path("/notifications/admin"))).status).toBe(200);
    let delivered: unknown[] = [];
    for (let k = 0; k < 60 && delivered.length === 0; k++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      delivered = await rows(d.db, "SELECT id FROM notification_deliveries WHERE district_id = ? AND user_id = ? AND channel = 'inbox'", d.code, d.admin.id);
    }
    expect(delivered).toHaveLength(1);
  });
});
