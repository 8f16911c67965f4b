import { defineModule } from "../core/module-contract";
import served from "./served";
import { passwordResetMessages } from "./reset-messages";

/** Accounts, sign-in and sessions of district users. */
export const authModule = defineModule({
  name: "auth",
  switchable: false,
  ...served,
  messages: passwordResetMessages,
  tables: ["users", "role_grants", "sessions", "login_failures", "submissions", "password_resets", "phone_verifications"],
  // Secrets that would let someone sign in as a user, and remembered responses to
  // double submits (src/http/submissions.ts): not the district's data.
  unexportedTables: ["sessions", "login_failures", "submissions", "password_resets", "phone_verifications"],
});
