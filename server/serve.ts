// Production entry (bundled by `npm run build:node` to dist/node/server.mjs).
import { main } from "./main";

await main();
