// npm start: prepares the local databases (migrations, tenants/, demo data), prints
// where to go and who to sign in as, then serves the Worker with wrangler dev.
// Running it again keeps all data.
import { printDemoBanner } from "./lib/banner";
import { seedDemo } from "./lib/seed";
import { applyTenants } from "./lib/tenants";
import { localSecrets, migrate, persistArgs, quietEnv, spawn, WRANGLER } from "./lib/wrangler";

const port = process.env.PORT ?? "8787";
const host = "127.0.0.1";

localSecrets();
console.log("Preparing local databases (.wrangler/state)…");
migrate("--local");
await applyTenants("--local");
await seedDemo("--local");

printDemoBanner(host, port);

const dev = spawn(WRANGLER, ["dev", "--ip", host, "--port", port, "--var", `PUBLIC_ORIGIN:http://${host}:${port}`, "--local", "--show-interactive-dev-session=false", ...persistArgs()], {
  env: quietEnv,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
