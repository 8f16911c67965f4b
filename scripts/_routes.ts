import { setUpModules } from "../src/core/module-contract";
import { MODULES } from "../src/modules";
import { createApp } from "../src/app";
import { routeTable } from "../src/http/routes";
setUpModules(MODULES);
createApp();
for (const r of routeTable) if (/^\/(open-data|api)/.test(r.path) && r.realm === "district") console.log(r.method, r.path, r.module);
console.log(routeTable.filter(r => r.realm==="platform").map(r=>r.path).join(" "));
