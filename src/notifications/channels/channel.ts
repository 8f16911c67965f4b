import type { ChannelName } from "../tables";

// One small interface per outside channel. A channel gets the rendered message, the
// address read at send time (never stored with the message, never logged) and the
// district's settings, and says what happened in terms the consumer can act on.

export interface OutgoingMessage {
  /** The delivery's id: providers that accept one use it to drop a repeated request. */
  idempotencyKey: string;
  kind: string;
  title: string;
  body: string;
  /** Absolute link to the record, or null. */
  url: string | null;
  /** The kind's parameters, in the order it declares them (SMS templates are positional). */
  params: readonly [string, string][];
  /** Phone number, e-mail address or WeChat openid. */
  address: string;
  /** Absolute unsubscribe link (e-mail). */
  unsubscribeUrl?: string;
}

export interface ChannelSettings {
  /** Non-secret settings: endpoint, sender, signature, template ids. */
  config: Readonly<Record<string, unknown>>;
  /** The decrypted credential. */
  secret: string;
}

export type SendResult =
  | { ok: true; ref: string }
  /** retryable: worth another attempt later; throttled: the provider asked us to slow down. */
  | { ok: false; retryable: boolean; throttled: boolean; retryAfterSeconds?: number; detail: string };

export interface Channel {
  name: ChannelName;
  send(message: OutgoingMessage, settings: ChannelSettings, fetcher: typeof fetch): Promise<SendResult>;
}

export function text(config: Readonly<Record<string, unknown>>, key: string): string {
  const value = config[key];
  return typeof value === "string" ? value : "";
}

/** What an HTTP failure means for the next attempt; the response body is not kept (it may echo the address). */
export function httpFailure(response: Response, code = ""): SendResult {
  const retryAfter = Number(response.headers.get("retry-after"));
  const throttled = response.status === 429;
  return {
    ok: false,
    throttled,
    retryable: throttled || response.status >= 500 || response.status === 408,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    detail: `HTTP ${response.status}${code ? ` ${code}` : ""}`,
  };
}

export async function jsonOf(response: Response): Promise<Record<string, unknown>> {
  try {
    const value: unknown = await response.json();
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A network failure (no answer at all) is worth retrying. */
export function networkFailure(error: unknown): SendResult {
  return { ok: false, retryable: true, throttled: false, detail: `network ${error instanceof Error ? error.name : "error"}` };
}
