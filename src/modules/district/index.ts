import { defineModule } from "../../core/module-contract";
import { registerDistrictRoutes } from "./routes";

/** The district's home page and its sub-districts and communities. */
export const districtModule = defineModule({
  name: "district",
  switchable: false,
  routes: registerDistrictRoutes,
  nav: [
    { path: "/", label: "nav.home", access: "public", order: 10 },
    { path: "/areas", label: "nav.areas", access: "public", order: 50 },
  ],
  tables: ["areas", "organizations"],
});

// What other modules may use: the area hierarchy and the district's contact block.
export { areaTree, type AreaNode } from "./queries";
export { DistrictContact } from "./views";
