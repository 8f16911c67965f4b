import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { jsonSchemaOf } from "../../src/http/json-schema";
import { apiSpecs } from "../../src/http/routes";
import { Browser } from "../helpers";

// The OpenAPI document's schemas come from a small converter instead of zod's generator
// (which would add about 7 KB gzipped to the Worker). It must say exactly what zod's says,
// for every schema of every registered API route, in the direction it is used.

const zods = (schema: z.ZodMiniType, io: "input" | "output") => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

describe("OpenAPI schemas", () => {
  it("match zod's own JSON Schema for every API route's query, body and response", async () => {
    // Serving the document registers every route first.
    expect((await new Browser().fetch("/api/v1/openapi.json")).status).toBe(200);
    let compared = 0;
    for (const spec of apiSpecs) {
      const uses: [z.ZodMiniType | undefined, "input" | "output", string][] = [
        [spec.query, "input", "query"],
        [spec.body, "input", "body"],
        [spec.response, "output", "response"],
      ];
      for (const [schema, io, part] of uses) {
        if (!schema) continue;
        expect(jsonSchemaOf(schema, io), `${spec.method} ${spec.path} ${part}`).toEqual(zods(schema, io));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it("matches zod's on the kinds of schema the converter knows, both ways", () => {
    const samples: z.ZodMiniType[] = [
      z.strictObject({ a: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(9), z.regex(/^x/))), b: z.nullable(z.int().check(z.gte(1), z.lte(5))) }),
      z.object({ c: z.array(z.enum(["x", "y"])).check(z.maxLength(3)), d: z.union([z.literal("a"), z.boolean()]), e: z.record(z.string(), z.number().check(z.gt(0))) }),
      z.object({
        f: z.pipe(
          z.string(),
          z.transform((s) => s.length),
        ),
        g: z.unknown(),
        h: z._default(z.string(), "x"),
        i: z.literal(["a", "b"]),
      }),
    ];
    for (const schema of samples) for (const io of ["input", "output"] as const) expect(jsonSchemaOf(schema, io)).toEqual(zods(schema, io));
  });
});
