// The cron expressions declared under [triggers] in wrangler.toml.
export const EVERY_FIVE_MINUTES = "*/5 * * * *";
export const DAILY = "0 17 * * *";
