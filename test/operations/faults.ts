import { createExecutionContext } from "cloudflare:test";
import { DistrictData } from "../../src/data/district-data";
import { verifyDistrictChain } from "../../src/audit/queries";
import type { Env } from "../../src/env";
import entry from "../../src/index";
import { clearRegistryCache, findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import { testEnv } from "../helpers";

// Fault injection: the test bindings wrapped so that chosen D1 statements, R2 writes
// or deletes, or a whole shard fail on demand, as they do in production (a D1 batch
// that errors, an R2 outage). The Worker is called with the wrapped bindings.

export const faults = {
  /** A batch containing a statement whose SQL matches fails before anything is applied. */
  batchSql: null as RegExp | null,
  /** Only on this shard binding (any, when null). */
  batchShard: null as string | null,
  /** Every statement on these shard bindings fails. */
  downShards: new Set<string>(),
  r2Put: false,
  r2Get: false,
  r2Delete: false,
  reset() {
    this.batchSql = null;
    this.batchShard = null;
    this.downShards.clear();
    this.r2Put = false;
    this.r2Get = false;
    this.r2Delete = false;
  },
};

const injected = (what: string) => new Error(`D1_ERROR: injected fault: ${what}`);
const statements = new WeakMap<object, { real: D1PreparedStatement; sql: string }>();

function wrapStatement(real: D1PreparedStatement, sql: string, binding: string): D1PreparedStatement {
  const proxy: D1PreparedStatement = new Proxy(real, {
    get(target, prop) {
      if (prop === "bind") return (...values: unknown[]) => wrapStatement(target.bind(...values), sql, binding);
      if (prop === "first" || prop === "all" || prop === "run" || prop === "raw") {
        return (...args: unknown[]) => {
          if (faults.downShards.has(binding)) return Promise.reject(injected(`${binding} is down`));
          return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  statements.set(proxy, { real, sql });
  return proxy;
}

function wrapD1(real: D1Database, binding: string): D1Database {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrapStatement(target.prepare(sql), sql, binding);
      if (prop === "batch") {
        return async (list: D1PreparedStatement[]) => {
          if (faults.downShards.has(binding)) throw injected(`${binding} is down`);
          const unwrapped = list.map((s) => statements.get(s) ?? { real: s, sql: "" });
          if (faults.batchSql && (faults.batchShard ?? binding) === binding && unwrapped.some((s) => faults.batchSql!.test(s.sql))) throw injected(`batch with ${faults.batchSql}`);
          return target.batch(unwrapped.map((s) => s.real));
        };
      }
      if (prop === "exec" && faults.downShards.has(binding)) return () => Promise.reject(injected(`${binding} is down`));
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function wrapR2(real: R2Bucket): R2Bucket {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "put") return (...args: Parameters<R2Bucket["put"]>) => (faults.r2Put ? Promise.reject(new Error("R2 put failed: injected fault (503 Service Unavailable)")) : target.put(...args));
      if (prop === "get") return (...args: Parameters<R2Bucket["get"]>) => (faults.r2Get ? Promise.reject(new Error("R2 get failed: injected fault")) : target.get(...args));
      if (prop === "delete") return (...args: Parameters<R2Bucket["delete"]>) => (faults.r2Delete ? Promise.reject(new Error("R2 delete failed: injected fault")) : target.delete(...args));
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export const faultyEnv: Env = {
  ...testEnv,
  DISTRICTS_0: wrapD1(testEnv.DISTRICTS_0, "DISTRICTS_0"),
  DISTRICTS_1: wrapD1(testEnv.DISTRICTS_1, "DISTRICTS_1"),
  FILES: wrapR2(testEnv.FILES),
};

/** Sends a request to the Worker with the fault-injecting bindings. */
export const sendFaulty = async (request: Request) => entry.fetch(request, faultyEnv, createExecutionContext());

/** Recomputes the district's audit chain from its stored events. */
export async function chainOk(code: string): Promise<{ ok: boolean; events: number }> {
  clearRegistryCache();
  const district = (await findDistrict(testEnv, code, { fresh: true }))!;
  const report = await verifyDistrictChain(new DistrictData(district, shardDatabase(testEnv, district.shard)));
  return { ok: report.ok, events: report.events };
}
