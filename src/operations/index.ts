import { defineModule } from "../core/module-contract";
import served from "./served";
import { operationsMessages } from "./messages";

/**
 * Operations across districts: the daily sweep of orphaned files, the messages of the
 * read-only mode and the operator's move action (whose routes live in the console).
 */
export const operationsModule = defineModule({
  name: "operations",
  switchable: false,
  ...served,
  messages: operationsMessages,
  tables: ["district_loads"],
});

export type { OperationsTables } from "./tables";
