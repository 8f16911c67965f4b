import { createServer, type IncomingMessage, type Server } from "node:http";
import type { TestProject } from "vitest/node";

// A local stand-in (test/notifications/channels.test.ts) for the SMS, e-mail and WeChat providers, started by vitest before the
// tests (globalSetup) on a free port of 127.0.0.1: no test reaches the network. Tests
// script its next answers through /_script and read what it received through /_requests.
//   /sms                                   阿里云-shaped SendSms: {"Code":"OK","BizId":…}
//   /email                                 an HTTP e-mail API: {"id":…}
//   /wechat/cgi-bin/token                  {"access_token":…,"expires_in":7200}
//   /wechat/cgi-bin/message/template/send  {"errcode":0,"msgid":…}
// A scripted answer is "ok", an HTTP status ("500", "429"), or a provider code
// ("sms:isv.BUSINESS_LIMIT_CONTROL", "wechat:45009", "wechat:40001").
// Test files run in parallel against this one server, so each file works in its own space:
// every path above may be prefixed with /ns/<space>, and what is received, scripted or
// reset under a space stays in it (test/notifications/helpers.ts `fakeProviderSpace`).

interface Received {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.on("end", () => resolve(text));
  });
}

export default async function setup(project: TestProject) {
  const spaces = new Map<string, { received: Received[]; script: Map<string, string[]> }>();
  let counter = 0;
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const spaced = /^\/ns\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (spaced) url.pathname = spaced[2] ?? "/";
    const space = spaced?.[1] ?? "";
    if (!spaces.has(space)) spaces.set(space, { received: [], script: new Map() });
    const { received, script } = spaces.get(space)!;
    const body = await read(request);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(value));
    };
    if (url.pathname === "/_script") {
      const { channel, answers } = JSON.parse(body) as { channel: string; answers: string[] };
      script.set(channel, [...(script.get(channel) ?? []), ...answers]);
      return json(200, {});
    }
    if (url.pathname === "/_requests") return json(200, received);
    if (url.pathname === "/_reset") {
      received.length = 0;
      script.clear();
      return json(200, {});
    }
    const channel = url.pathname.startsWith("/wechat/cgi-bin/token") ? "wechat-token" : url.pathname.split("/")[1]!;
    received.push({ path: `${url.pathname}${url.search}`, method: request.method ?? "GET", headers: request.headers as Record<string, string>, body });
    const answer = script.get(channel)?.shift() ?? "ok";
    if (/^\d{3}$/.test(answer)) return json(Number(answer), { message: "scripted failure" }, answer === "429" ? { "retry-after": "120" } : {});
    const [, code] = answer.split(":");
    counter += 1;
    if (channel === "sms") return json(200, code ? { Code: code, Message: "scripted" } : { Code: "OK", BizId: `biz-${counter}` });
    if (channel === "email") return json(200, { id: `mail-${counter}` });
    if (channel === "wechat-token") return json(200, code ? { errcode: Number(code), errmsg: "scripted" } : { access_token: `token-${counter}`, expires_in: 7200 });
    if (channel === "wechat") return json(200, code ? { errcode: Number(code), errmsg: "scripted" } : { errcode: 0, errmsg: "ok", msgid: counter });
    return json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  (project.provide as (key: string, value: string) => void)("fakeProviders", `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
