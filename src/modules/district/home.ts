import type { Context } from "hono";
import type { AppEnv } from "../../env";

// Modules add sections to the district home page (figures, latest notices, parks …)
// without the home page knowing them: each section renders itself for the request.

export type HomeSection = (c: Context<AppEnv>) => Promise<unknown>;

export const homeSections: HomeSection[] = [];

export function registerHomeSection(section: HomeSection): void {
  homeSections.push(section);
}
