// What `npm start` and `npm run serve:node` print: where to go and who to sign in as.
import { DEMO_DISTRICTS, DEMO_OPERATOR, DEMO_PASSWORD, demoEmail } from "../../src/seed/demo";

export function printDemoBanner(host: string, port: string): void {
  const roleNames: Record<string, string> = {
    district_admin: "区民政局管理员 district admin",
    subdistrict_staff: "街道综合服务中心 sub-district staff",
    community_staff: "社区工作人员 community staff",
    reviewer: "评审专家 reviewer",
    evaluator: "第三方评估机构 evaluator",
    org_member: "社会组织用户 organization user",
    social_worker: "社会工作者 social worker",
  };
  const lines = ["", `三社联动服务平台 is starting on http://${host}:${port}/`, ""];
  for (const d of DEMO_DISTRICTS) {
    lines.push(`District ${d.code}: http://${host}:${port}/d/${d.code}/${d.onboarding ? '  (still onboarding: the public sees "coming soon", its admin the wizard)' : ""}`);
    for (const p of d.people) lines.push(`  ${demoEmail(d, p).padEnd(26)} ${roleNames[p.role]}`);
    lines.push("");
  }
  lines.push(`Platform operator console: http://${host}:${port}/platform`);
  lines.push(`  ${DEMO_OPERATOR.email.padEnd(26)} 平台运营 platform operator`);
  lines.push("");
  lines.push(`Every demo account's password: ${DEMO_PASSWORD}`);
  lines.push(`By hostname (Chromium resolves *.localhost): http://kundulun.localhost:${port}/`);
  lines.push(`API description: http://${host}:${port}/api/v1/openapi.json`);
  lines.push("");
  console.log(lines.join("\n"));
}
