// Applies migrations/ to a SQLite file the way `wrangler d1 migrations apply` does, with
// the same d1_migrations table, so a database knows what it has whichever tool ran them.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";

export interface Migration {
  name: string;
  sql: string;
}

export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name), "utf8") }));
}

/** Applies the migrations not yet recorded, each in its own transaction. Returns their names. */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  )`);
  const applied: string[] = [];
  for (const m of migrations) {
    // Checked inside the write lock: two servers starting at once apply each migration once.
    const ran = db
      .transaction(() => {
        if (db.prepare("SELECT 1 FROM d1_migrations WHERE name = ?").get(m.name)) return false;
        db.exec(m.sql);
        db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").run(m.name);
        return true;
      })
      .immediate();
    if (ran) applied.push(m.name);
  }
  return applied;
}
