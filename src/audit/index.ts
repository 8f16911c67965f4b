import { defineModule } from "../core/module-contract";
import { auditMessages } from "./messages";
import { registerAuditRoutes } from "./routes";

/** The district's hash-chained audit log and its pages. */
export const auditModule = defineModule({
  name: "audit",
  switchable: false,
  routes: registerAuditRoutes,
  nav: [{ path: "/audit", label: "nav.audit", access: "audit.read", order: 190 }],
  tables: ["audit_events"],
  messages: auditMessages,
});
