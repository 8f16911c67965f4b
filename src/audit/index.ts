import { defineModule } from "../core/module-contract";
import served from "./served";
import { auditMessages } from "./messages";

/** The district's hash-chained audit log and its pages. */
export const auditModule = defineModule({
  name: "audit",
  switchable: false,
  ...served,
  nav: [{ path: "/audit", label: "nav.audit", access: "audit.read", order: 190 }],
  tables: ["audit_events"],
  messages: auditMessages,
});
