import { type Channel, httpFailure, jsonOf, networkFailure, text } from "./channel";

// SMS in the shape of the common Chinese SMS services (阿里云短信 SendSms, 腾讯云 SendSms):
// a pre-approved template per message kind, its parameters by name, and the approved
// signature (签名). config: endpoint, signName, templates {kind: template id},
// accessKeyId; secret: the access key secret, sent as a bearer credential to the gateway.
// Answers: {"Code":"OK","BizId":…}; throttling is Code isv.BUSINESS_LIMIT_CONTROL or HTTP 429.

const THROTTLED = new Set(["isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "LimitExceeded"]);
const RETRYABLE = new Set(["isp.SYSTEM_ERROR", "InternalError", "ServiceUnavailable"]);

export const smsChannel: Channel = {
  name: "sms",
  async send(message, settings, fetcher) {
    const templates = (settings.config.templates ?? {}) as Record<string, string>;
    const template = templates[message.kind] ?? text(settings.config, "defaultTemplate");
    if (!template) return { ok: false, retryable: false, throttled: false, detail: "no template for this kind" };
    // A default template has one parameter, the summary; a kind's own gets the kind's parameters.
    const params = templates[message.kind] ? Object.fromEntries(message.params) : { title: message.title };
    let response: Response;
    try {
      response = await fetcher(text(settings.config, "endpoint"), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${settings.secret}`, "x-access-key-id": text(settings.config, "accessKeyId") },
        body: JSON.stringify({
          PhoneNumbers: message.address,
          SignName: text(settings.config, "signName"),
          TemplateCode: template,
          TemplateParam: JSON.stringify(params),
          OutId: message.idempotencyKey,
        }),
      });
    } catch (error) {
      return networkFailure(error);
    }
    const answer = await jsonOf(response);
    const code = typeof answer.Code === "string" ? answer.Code : "";
    if (response.ok && code === "OK") return { ok: true, ref: String(answer.BizId ?? "") };
    if (THROTTLED.has(code)) return { ok: false, retryable: true, throttled: true, detail: `SMS ${code}` };
    if (!response.ok) return httpFailure(response, code);
    return { ok: false, retryable: RETRYABLE.has(code), throttled: false, detail: `SMS ${code || "unknown answer"}` };
  },
};
