import { type Channel, httpFailure, jsonOf, networkFailure, text } from "./channel";

// SMS in the shape of the common Chinese SMS services (阿里云短信 SendSms, 腾讯云 SendSms):
// a pre-approved template per message kind, its parameters by name, and the approved
// signature (签名). config: endpoint, signName, templates {kind: template id},
// accessKeyId; secret: the access key secret, which only keys the request signature.
// Answers: {"Code":"OK","BizId":…}; throttling is Code isv.BUSINESS_LIMIT_CONTROL or HTTP 429.

const THROTTLED = new Set(["isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "LimitExceeded"]);
const RETRYABLE = new Set(["isp.SYSTEM_ERROR", "InternalError", "ServiceUnavailable"]);

// 阿里云 RPC signature v1 (签名机制, https://help.aliyun.com/document_detail/28839.html):
// Base64(HMAC-SHA1(secret + "&", "GET&%2F&" + percentEncode(sorted canonical query))), where
// percentEncode leaves A-Z a-z 0-9 - _ . ~ alone and writes everything else as UTF-8 %XY
// (space %20, never +; * %2A); the same encoding builds the canonical query itself.
const percentEncode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/** The signed query string for an Aliyun RPC GET request; params exclude Signature. */
export async function aliyunSignedQuery(params: Readonly<Record<string, string>>, secret: string): Promise<string> {
  const query = Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key]!)}`)
    .join("&");
  const utf8 = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", utf8.encode(`${secret}&`), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8.encode(`GET&%2F&${percentEncode(query)}`)));
  return `${query}&Signature=${percentEncode(btoa(String.fromCharCode(...mac)))}`;
}

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
      const query = await aliyunSignedQuery(
        {
          AccessKeyId: text(settings.config, "accessKeyId"),
          Action: "SendSms",
          Format: "JSON",
          OutId: message.idempotencyKey,
          PhoneNumbers: message.address,
          RegionId: "cn-hangzhou",
          SignName: text(settings.config, "signName"),
          SignatureMethod: "HMAC-SHA1",
          // A fresh nonce per attempt: the provider refuses a nonce it has seen, retries included.
          SignatureNonce: crypto.randomUUID(),
          SignatureVersion: "1.0",
          TemplateCode: template,
          TemplateParam: JSON.stringify(params),
          Timestamp: `${new Date().toISOString().slice(0, 19)}Z`,
          Version: "2017-05-25",
        },
        settings.secret,
      );
      const endpoint = text(settings.config, "endpoint");
      response = await fetcher(`${endpoint}${endpoint.includes("?") ? "&" : "?"}${query}`, { method: "GET" });
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
