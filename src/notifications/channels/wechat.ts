import { type Channel, jsonOf, networkFailure, type SendResult, text } from "./channel";

// WeChat template messages of an official account (公众号模板消息) to a person who linked
// their openid: an access token from appid and secret (cached until it expires), then
// message/template/send with the template's fields. config: endpoint (https://api.weixin.qq.com
// in production), appId, template (template id); secret: the AppSecret.
// errcode 45009 / 45047 is throttling; 40001 / 42001 an expired token (fetched again).

const tokens = new Map<string, { token: string; until: number }>();
const THROTTLED = new Set([45009, 45047, -1]);
const TOKEN_INVALID = new Set([40001, 40014, 42001]);

async function accessToken(base: string, appId: string, secret: string, fetcher: typeof fetch, fresh: boolean): Promise<string | SendResult> {
  const key = `${base}|${appId}`;
  const cached = tokens.get(key);
  if (!fresh && cached && cached.until > Date.now()) return cached.token;
  const response = await fetcher(`${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(secret)}`);
  const answer = await jsonOf(response);
  if (typeof answer.access_token !== "string") {
    const code = Number(answer.errcode ?? response.status);
    return { ok: false, retryable: THROTTLED.has(code) || response.status >= 500, throttled: THROTTLED.has(code), detail: `WeChat token ${code}` };
  }
  tokens.set(key, { token: answer.access_token, until: Date.now() + (Number(answer.expires_in ?? 7200) - 300) * 1000 });
  return answer.access_token;
}

export const wechatChannel: Channel = {
  name: "wechat",
  async send(message, settings, fetcher) {
    const base = text(settings.config, "endpoint").replace(/\/$/, "");
    const body = {
      touser: message.address,
      template_id: text(settings.config, "template"),
      ...(message.url ? { url: message.url } : {}),
      data: { first: { value: message.title }, keyword1: { value: message.body.slice(0, 200) }, remark: { value: "" } },
      client_msg_id: message.idempotencyKey,
    };
    try {
      for (const fresh of [false, true]) {
        const token = await accessToken(base, text(settings.config, "appId"), settings.secret, fetcher, fresh);
        if (typeof token !== "string") return token;
        const response = await fetcher(`${base}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const answer = await jsonOf(response);
        const code = Number(answer.errcode ?? (response.ok ? 0 : response.status));
        if (code === 0) return { ok: true, ref: String(answer.msgid ?? "") };
        if (TOKEN_INVALID.has(code) && !fresh) continue;
        return { ok: false, retryable: THROTTLED.has(code) || code >= 500, throttled: THROTTLED.has(code), detail: `WeChat ${code}` };
      }
    } catch (error) {
      return networkFailure(error);
    }
    return { ok: false, retryable: true, throttled: false, detail: "WeChat token refused" };
  },
};
