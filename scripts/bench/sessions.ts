import { randomToken } from "../../src/lib/crypto";
import type { Client, Exchange } from "./clients";
import type { RequestVariant } from "./load";

// The two measured writes that wrk cannot replay (clients.ts): an organization saving its
// bid draft, which must send the version it last read, and a resident's needs form, which
// carries a one-time token that must be new on every submission.

export interface SignedIn {
  cookie: string;
  csrf: string;
}

/**
 * fetch, sent again once when the connection fails: between rounds workerd closes the
 * idle keep-alive connections that fetch's pool still holds.
 */
async function fetchAgain(url: URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

const BID = {
  title: "社区长者助餐与探访服务",
  targetGroup: "辖区独居、空巢及高龄老人",
  beneficiaries: 120,
  activities: "每周三次助餐配送，每月一次入户探访，组织志愿者开展节日慰问。",
  indicators: "助餐配送不少于 400 人次\n入户探访不少于 300 人次",
  volunteers: 15,
  lines: [
    { kind: "activities", item: "助餐配送", amountYuan: 30_000 },
    { kind: "personnel", item: "社工补贴", amountYuan: 15_000 },
  ],
};

/**
 * One organization per connection, each saving its own draft bid to `callId`: every save
 * sends the version the previous one answered, so each is a real update (409 on a stale
 * version would count as a failure).
 */
export function bidDraftClients(base: URL, district: string, callId: string, organizations: SignedIn[]): () => Promise<Client[]> {
  const bidPath = `/d/${district}/api/v1/projects/calls/${callId}/bid`;
  const headers = (o: SignedIn) => ({ cookie: o.cookie, "x-csrf-token": o.csrf, "content-type": "application/json" });
  const save = (o: SignedIn, version?: number): RequestVariant => ({ method: "PUT", path: bidPath, headers: headers(o), body: JSON.stringify({ ...BID, version }) });
  return async () =>
    Promise.all(
      organizations.map(async (o) => {
        // The version as it stands now: the draft is created by the first round's first save.
        const mine = await fetchAgain(new URL(`/d/${district}/api/v1/projects/bids`, base), { headers: { cookie: o.cookie } });
        if (!mine.ok) throw new Error(`listing an organization's bids answered ${mine.status}`);
        let version = ((await mine.json()) as { callId: string; version: number }[]).find((b) => b.callId === callId)?.version;
        if (version === undefined) {
          const created = await fetchAgain(new URL(bidPath, base), save(o));
          if (!created.ok) throw new Error(`the first bid save answered ${created.status}: ${(await created.text()).slice(0, 300)}`);
          version = ((await created.json()) as { version: number }).version;
        }
        return {
          next(last: Exchange | null) {
            if (last?.status === 200) version = (JSON.parse(last.body) as { version: number }).version;
            return save(o, version);
          },
          ok: (answer: Exchange) => answer.status === 200,
        };
      }),
    );
}

/**
 * One resident per connection, each sending the public needs form of a community again and
 * again: the CSRF cookie comes from loading the form once, as a browser would, and every
 * submission carries a new one-time token, minted as the page does (src/ui/layout.tsx).
 * A submission counts when it is received: a 303 to its receipt's status page.
 */
export function needsFormClients(base: URL, district: string, short: string, connections: number): () => Promise<Client[]> {
  const formPath = `/d/${district}/n/${short}`;
  return async () => {
    const clients: Client[] = [];
    for (let i = 0; i < connections; i++) {
      const form = await fetchAgain(new URL(formPath, base));
      await form.text();
      const csrf = /csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1];
      if (!form.ok || !csrf) throw new Error(`the needs form answered ${form.status}${csrf ? "" : " without a csrf cookie"}`);
      const phone = `1390000${String(1000 + i)}`;
      clients.push({
        next: () => ({
          method: "POST",
          path: formPath,
          headers: { cookie: `csrf=${csrf}`, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            _csrf: csrf,
            _once: randomToken(16),
            category: "facilities",
            description: "楼道照明损坏，夜间老人出行不便，希望尽快维修。",
            location: "3 号楼 2 单元",
            name: `居民 ${i + 1}`,
            phone,
            consent: "1",
          }).toString(),
        }),
        ok: (answer) => answer.status === 303 && /\/needs\/status\/[^/?]+\?sent=1$/.test(answer.headers.location ?? ""),
      });
    }
    return clients;
  };
}
