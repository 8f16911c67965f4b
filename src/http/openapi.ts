import type * as z from "zod/mini";
import { jsonSchemaOf } from "./json-schema";
import { rolesFor } from "../auth/permissions";
import { apiSpecs } from "./routes";
import { pageWorkers } from "../workers/dispatch";

// OpenAPI 3.1 generated from the registered API routes and their zod schemas, so the
// description cannot drift from what the handlers accept.

const problem = {
  type: "object",
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string" },
    requestId: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: { field: { type: "string" }, code: { type: "string" }, message: { type: "string" } },
        required: ["field", "code", "message"],
      },
    },
  },
  required: ["type", "title", "status", "code"],
};

const jsonSchema = (schema: z.ZodMiniType, io: "input" | "output") => jsonSchemaOf(schema, io);

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of apiSpecs) {
    const path = spec.path.replace(/:(\w+)/g, "{$1}");
    const pathParams = [...spec.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const queryParams = spec.query
      ? Object.entries((jsonSchema(spec.query, "input").properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
          name,
          in: "query",
          required: false,
          schema,
        }))
      : [];
    const roles = rolesFor(spec.access);
    const responses: Record<string, unknown> = {
      [String(spec.responseStatus ?? 200)]: {
        description: "OK",
        ...(spec.response ? { content: { "application/json": { schema: jsonSchema(spec.response, "output") } } } : {}),
      },
      "404": { description: "Not found (also: a record or path of another district)", content: { "application/problem+json": { schema: problem } } },
    };
    if (spec.body || spec.query) {
      responses["422"] = { description: "Validation failed, field by field", content: { "application/problem+json": { schema: problem } } };
    }
    if (roles !== "anyone") {
      responses["401"] = { description: "Not signed in", content: { "application/problem+json": { schema: problem } } };
      if (roles !== "any_signed_in") responses["403"] = { description: "Role not allowed", content: { "application/problem+json": { schema: problem } } };
    }
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = {
      summary: spec.summary,
      tags: [spec.tag],
      "x-roles": roles,
      parameters: [...pathParams, ...queryParams],
      ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(spec.body, "input") } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "三社联动服务平台 API",
      version: "1",
      description:
        "District API. Reach a district by its hostname, or on any host under /d/{code}. " +
        "Signed-in calls use the session cookie from POST /auth/sign-in; state-changing calls " +
        "then send the csrfToken it returned in an X-CSRF-Token header. Errors are application/problem+json.",
    },
    servers: [{ url: "/d/{code}/api/v1", variables: { code: { default: "150203", description: "6-digit district division code" } } }],
    paths: inPathOrder(paths),
  };
}

const inPathOrder = (paths: Record<string, unknown>) => Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The whole API's description. Split into Workers (src/workers/plan.ts), each knows only
 * the routes it registered, so the front adds the paths each page Worker describes.
 */
export async function platformApiDocument(env: object, url: string): Promise<Record<string, unknown>> {
  const document = openApiDocument();
  const parts = await Promise.all(
    pageWorkers(env).map(async (worker) => {
      const res = await worker.fetch(new Request(url));
      if (!res.ok) throw new Error(`a page Worker answered ${res.status} for the API description`);
      return ((await res.json()) as { paths: Record<string, unknown> }).paths;
    }),
  );
  return parts.length ? { ...document, paths: inPathOrder(Object.assign({}, document.paths, ...parts)) } : document;
}
