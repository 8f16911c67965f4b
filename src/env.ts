import type { DistrictData } from "./data/district-data";
import type { CurrentUser } from "./auth/sessions";
import type { District } from "./district-lookup/district-registry";
import type { Locale } from "./i18n/messages";
import type { CurrentOperator } from "./platform/operators";

/** Bindings declared in wrangler.toml, plus secrets. */
export interface Env {
  PLATFORM: D1Database;
  FILES: R2Bucket;
  /** Comma-separated names of the D1 bindings that hold district data. */
  SHARDS: string;
  /** Secret mixed into every password hash; set with `wrangler secret put`. */
  PASSWORD_PEPPER?: string;
  /** Secret key for personal data at rest (src/lib/personal-data.ts). */
  PERSONAL_DATA_KEY?: string;
  /** Set by the entry point when the Host header named a district (see src/index.ts). */
  HOST_DISTRICT?: string;
  /** The registered hostname that named it (lower-case, no port). */
  HOST_NAME?: string;
  /** The platform's public origin, for absolute links (src/http/origin.ts). */
  PUBLIC_ORIGIN?: string;
  /** Outbox events on their way to the consumer (src/notifications/publish.ts). */
  NOTIFICATIONS_QUEUE?: Queue<{ district: string; event: string }>;
  [binding: string]: unknown;
}

export interface AppVariables {
  requestId: string;
  locale: Locale;
  elder: boolean;
  /** Path prefix of district URLs: "/d/150203" when reached by path, "" by hostname. */
  base: string;
  district: District;
  data: DistrictData;
  user: CurrentUser | null;
  /** The request carried a session cookie of another district. */
  foreignSession: boolean;
  csrfToken: string;
  /** A signed-in platform operator, on /platform routes only. */
  operator: CurrentOperator | null;
  /** Unread in-product notifications of the signed-in user, for the bell on every page. */
  unreadNotifications?: number;
  /** The nonce of this page's inline scripts, once a page asked for one (src/http/security-headers.ts). */
  cspNonce?: string;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
