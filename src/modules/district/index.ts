import { defineModule } from "../../core/module-contract";
import served from "./served";

/** The district's home page, the signed-in person's to-dos, and the sub-districts and communities. */
export const districtModule = defineModule({
  name: "district",
  switchable: false,
  ...served,
  nav: [
    { path: "/", label: "nav.home", access: "public", order: 10 },
    { path: "/todo", label: "nav.todo", access: "signed_in", order: 12 },
    { path: "/areas", label: "nav.areas", access: "public", order: 50 },
  ],
  tables: ["areas", "organizations", "name_grams"],
  // Derived from the names by triggers (migrations/district/0021_name_search.sql).
  unexportedTables: ["name_grams"],
});

// What other modules may use: the area hierarchy and the district's contact block.
export { areaTree, type AreaNode } from "./queries";
export { DistrictContact } from "./views";
