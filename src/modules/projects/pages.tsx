import type { Hono } from "hono";
import type { AppEnv } from "../../env";
export function registerProjectsPages(_app: Hono<AppEnv>): void {}
