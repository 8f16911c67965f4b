import { type Channel, httpFailure, jsonOf, networkFailure, text } from "./channel";

// E-mail through an HTTP sending API (the JSON shape most of them share): from, to,
// subject, text, headers, with the delivery id as Idempotency-Key so a retried request
// after a lost answer sends one message. config: endpoint, from; secret: the API key.

export const emailChannel: Channel = {
  name: "email",
  async send(message, settings, fetcher) {
    const lines = [message.body];
    if (message.url) lines.push("", message.url);
    if (message.unsubscribeUrl) lines.push("", "退订 / Unsubscribe:", message.unsubscribeUrl);
    let response: Response;
    try {
      response = await fetcher(text(settings.config, "endpoint"), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${settings.secret}`, "idempotency-key": message.idempotencyKey },
        body: JSON.stringify({
          from: text(settings.config, "from"),
          to: [message.address],
          subject: message.title,
          text: lines.join("\n"),
          headers: message.unsubscribeUrl ? { "List-Unsubscribe": `<${message.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {},
        }),
      });
    } catch (error) {
      return networkFailure(error);
    }
    if (!response.ok) return httpFailure(response);
    const answer = await jsonOf(response);
    return { ok: true, ref: String(answer.id ?? "") };
  },
};
