// The calibration server for `npm run bench -- --node`: Hono on @hono/node-server with
// better-sqlite3 and nothing else, serving a constant JSON and the same one-row read as
// the application's /api/v1/areas/:code from the same shard file.
//   node bare-node.mjs <shard file> <port>
import { serve } from "@hono/node-server";
import Database from "better-sqlite3";
import { Hono } from "hono";

const [file, port] = process.argv.slice(2) as [string, string];
const db = new Database(file, { readonly: true });
db.pragma("busy_timeout = 5000");
const area = db.prepare("SELECT code, level, parent_code, name_zh, name_en, kind FROM areas WHERE district_id = ? AND code = ?");
const app = new Hono();
app.get("/healthz", (c) => c.json({ status: "ok" }));
app.get("/d/:district/api/v1/areas/:code", (c) => {
  const row = area.get(c.req.param("district"), c.req.param("code"));
  return row ? c.json(row) : c.json({ status: 404 }, 404);
});
serve({ fetch: app.fetch, hostname: "127.0.0.1", port: Number(port) }, () => console.log("ready"));
