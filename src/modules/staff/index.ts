import { defineModule } from "../../core/module-contract";
import served from "./served";

/** The district's people and their roles. */
export const staffModule = defineModule({
  name: "staff",
  switchable: false,
  ...served,
  nav: [{ path: "/staff", label: "nav.staff", access: "staff.read", order: 180 }],
  tables: [],
});

// What other modules may use: the people in the viewer's scope.
export { listStaff, type StaffMember } from "./queries";
