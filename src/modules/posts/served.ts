import type { ServedParts } from "../../core/module-contract";
import { registerPostsRoutes } from "./routes";
import { postsTodos } from "./todos";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default { routes: registerPostsRoutes, todos: [postsTodos] } satisfies ServedParts;
