import type * as z from "zod/mini";

// JSON Schema (draft 2020-12) of the API's zod schemas, for the OpenAPI document. zod's
// own generator weighs about 7 KB gzipped in the Worker and handles every kind of
// schema; this one handles the kinds the API uses, reading the same definitions, and
// test/foundation/openapi-schema.test.ts holds it equal to zod's on every API schema.
// A kind it does not know is described as any value, as zod's does with
// `unrepresentable: "any"`.

type Json = Record<string, unknown>;
type Schema = z.ZodMiniType;
// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions are untyped here on purpose
type Def = any;

const internals = (s: Schema): Def => (s as unknown as { _zod: Def })._zod;

/** The bounds, format and patterns the schema's checks add up to (zod: aggregateChecks). */
function checksOf(s: Schema) {
  const zod = internals(s);
  const list: Def[] = zod.traits.has("$ZodCheck") ? [s, ...(zod.def.checks ?? [])] : (zod.def.checks ?? []);
  const agg: { minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; format?: string; isInt?: boolean; patterns: RegExp[] } = { patterns: [] };
  const min = (key: "minimum" | "exclusiveMinimum", v: number) => {
    if (agg[key] === undefined || v > agg[key]!) agg[key] = v;
  };
  const max = (key: "maximum" | "exclusiveMaximum", v: number) => {
    if (agg[key] === undefined || v < agg[key]!) agg[key] = v;
  };
  for (const check of list) {
    const d = internals(check).def;
    if (d.check === "greater_than") min(d.inclusive ? "minimum" : "exclusiveMinimum", d.value);
    else if (d.check === "less_than") max(d.inclusive ? "maximum" : "exclusiveMaximum", d.value);
    else if (d.check === "min_length" || d.check === "min_size") min("minimum", d.minimum);
    else if (d.check === "max_length" || d.check === "max_size") max("maximum", d.maximum);
    else if (d.check === "length_equals") {
      min("minimum", d.length);
      max("maximum", d.length);
    } else if (d.check === "number_format") {
      agg.format = d.format;
      if (d.format.includes("int")) agg.isInt = true;
      if (d.format === "safeint") {
        min("minimum", Number.MIN_SAFE_INTEGER);
        max("maximum", Number.MAX_SAFE_INTEGER);
      }
    } else if (d.check === "string_format") {
      agg.format = d.format;
      if (d.pattern && !agg.patterns.some((p) => p === d.pattern)) agg.patterns.push(d.pattern);
    }
  }
  return agg;
}

/** Whether a field may be left out (zod's optin / optout). */
function optionalIn(s: Schema, io: "input" | "output"): boolean {
  const zod = internals(s);
  if (io === "output") return zod.optout !== undefined;
  if (zod.def.type === "pipe" && internals(zod.def.in).traits.has("$ZodTransform")) return optionalIn(zod.def.out, io);
  return zod.optin !== undefined;
}

const STRING_FORMATS: Record<string, string> = { guid: "uuid", url: "uri", datetime: "date-time", json_string: "json-string", regex: "" };

/** Whether parsing may change the value's shape: a default then describes only the output. */
function transforms(s: Schema): boolean {
  const d = internals(s).def;
  if (d.type === "transform") return true;
  if (d.type === "array") return transforms(d.element);
  if (d.type === "pipe") return transforms(d.in) || transforms(d.out);
  if (d.type === "object") return Object.values(d.shape as Record<string, Schema>).some(transforms);
  if (d.type === "union") return (d.options as Schema[]).some(transforms);
  if (d.type === "record") return transforms(d.keyType) || transforms(d.valueType);
  return d.innerType ? transforms(d.innerType) : false;
}

/** `anyOf` of bare types is spelled as a `type` list, as zod does (the nullable case reads better). */
function anyOf(options: Json[]): Json {
  const types: unknown[] = [];
  for (const option of options) {
    const keys = Object.keys(option);
    if (keys.length !== 1 || keys[0] !== "type") return { anyOf: options };
    for (const t of [option.type].flat()) if (!types.includes(t)) types.push(t);
  }
  return { type: types.length === 1 ? types[0] : types };
}

export function jsonSchemaOf(s: Schema, io: "input" | "output"): Json {
  const d = internals(s).def;
  const of = (inner: Schema) => jsonSchemaOf(inner, io);
  switch (d.type) {
    case "string": {
      const c = checksOf(s);
      const json: Json = { type: "string" };
      if (c.minimum !== undefined) json.minLength = c.minimum;
      if (c.maximum !== undefined) json.maxLength = c.maximum;
      const format = c.format ? (STRING_FORMATS[c.format] ?? c.format) : "";
      if (format && c.format !== "time") json.format = format;
      if (c.patterns.length === 1) json.pattern = c.patterns[0]!.source;
      else if (c.patterns.length > 1) json.allOf = c.patterns.map((p) => ({ pattern: p.source }));
      return json;
    }
    case "number": {
      const c = checksOf(s);
      const json: Json = { type: c.isInt ? "integer" : "number" };
      if (c.exclusiveMinimum !== undefined && c.exclusiveMinimum >= (c.minimum ?? Number.NEGATIVE_INFINITY)) json.exclusiveMinimum = c.exclusiveMinimum;
      else if (c.minimum !== undefined) json.minimum = c.minimum;
      if (c.exclusiveMaximum !== undefined && c.exclusiveMaximum <= (c.maximum ?? Number.POSITIVE_INFINITY)) json.exclusiveMaximum = c.exclusiveMaximum;
      else if (c.maximum !== undefined) json.maximum = c.maximum;
      return json;
    }
    case "boolean":
      return { type: "boolean" };
    case "null":
      return { type: "null" };
    case "enum": {
      // A numeric TypeScript enum maps its values back to its names; those are left out.
      const numbers = Object.values(d.entries).filter((v) => typeof v === "number");
      const values = Object.entries(d.entries)
        .filter(([k]) => !numbers.includes(+k))
        .map(([, v]) => v);
      if (!values.length) return { not: {} };
      const json: Json = {};
      if (values.every((v) => typeof v === "number")) json.type = "number";
      if (values.every((v) => typeof v === "string")) json.type = "string";
      json.enum = values;
      return json;
    }
    case "literal": {
      const values: unknown[] = d.values;
      if (values.length === 1) return { type: values[0] === null ? "null" : typeof values[0], const: values[0] };
      const json: Json = {};
      for (const t of ["number", "string", "boolean"]) if (values.every((v) => typeof v === t)) json.type = t;
      json.enum = values;
      return json;
    }
    case "array": {
      const c = checksOf(s);
      const json: Json = {};
      if (c.minimum !== undefined) json.minItems = c.minimum;
      if (c.maximum !== undefined) json.maxItems = c.maximum;
      json.type = "array";
      json.items = of(d.element);
      return json;
    }
    case "object": {
      const properties: Json = {};
      for (const key in d.shape) properties[key] = of(d.shape[key]);
      const json: Json = { type: "object", properties };
      const required = Object.keys(d.shape).filter((key) => !optionalIn(d.shape[key], io));
      if (required.length) json.required = required;
      if (d.catchall ? internals(d.catchall).def.type === "never" : io === "output") json.additionalProperties = false;
      else if (d.catchall) json.additionalProperties = of(d.catchall);
      return json;
    }
    case "record": {
      const json: Json = { type: "object", propertyNames: of(d.keyType), additionalProperties: of(d.valueType) };
      const keys = internals(d.keyType).values as Set<unknown> | undefined;
      if (keys && !d.partial && !(io === "input" && optionalIn(d.valueType, io))) {
        const named = [...keys].filter((v) => typeof v === "string" || typeof v === "number");
        if (named.length) json.required = named.map(String);
      }
      return json;
    }
    case "union":
      return d.inclusive === false ? { oneOf: d.options.map(of) } : anyOf(d.options.map(of));
    case "nullable":
      return anyOf([of(d.innerType), { type: "null" }]);
    case "optional":
    case "nonoptional":
    case "promise":
      return of(d.innerType);
    case "readonly":
      return { ...of(d.innerType), readOnly: true };
    case "default":
      return io === "input" && transforms(s) ? of(d.innerType) : { ...of(d.innerType), default: JSON.parse(JSON.stringify(d.defaultValue)) };
    case "pipe":
      return of(io === "input" ? (internals(d.in).traits.has("$ZodTransform") ? d.out : d.in) : d.out);
    default:
      return {};
  }
}
