import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { actorOf, type IncubationActor } from "./actor";

/** The signed-in person acting in this request (routes that reach here require a session). */
export const me = (c: Context<AppEnv>): IncubationActor => actorOf(c.var.user!, c.var.locale);
