import type { Context } from "hono";
import { HtmlEscapedCallbackPhase, resolveCallback } from "hono/utils/html";
import type { AppEnv } from "../env";
import { finishPage } from "./form-summary";
import { makeAnswer, writeResponseHeaders } from "./security-headers";

// Every answer built through the context (c.json, c.html, c.body, c.text, c.redirect,
// c.render) is made with its headers, the security ones included (makeAnswer). Writing
// them onto a Response that already exists costs a native call per header, and on a
// constant answer those calls cost more than the rest of the request. So the
// headers a handler sets (c.header) and its status (c.status) are kept here until the
// answer is made, with Hono's precedence: the content type of c.json, c.html and c.text
// and the headers passed to a call win over c.header, and every Set-Cookie is kept. An
// answer made some other way (a Response a handler built itself, an error page set on
// c.res) still gets the headers written afterwards, so none goes out without them.

type Pair = [string, string];
type Headed = Record<string, string | string[]> | undefined;
type Init = number | ResponseInit | undefined;

/** Sets each header, as Headers.set would: Set-Cookie and a record's list of values are appended. */
function merge(into: Pair[], pairs: Iterable<[string, string | string[]]>): Pair[] {
  for (const [name, value] of pairs) {
    const n = name.toLowerCase();
    if (n !== "set-cookie") for (let i = into.length; i--; ) if (into[i]![0] === n) into.splice(i, 1);
    for (const one of typeof value === "string" ? [value] : value) into.push([n, one]);
  }
  return into;
}

/** Makes the context's answers carry their headers from the start; returns a check that the final answer is one of them. */
export function answerWithHeaders(c: Context<AppEnv>): () => void {
  const own: Pair[] = [];
  let status: number | undefined;
  let made: Response | undefined;
  const header = c.header;
  c.header = ((name: string, value?: string, options?: { append?: boolean }) => {
    if (c.finalized) return header(name, value, options);
    const n = name.toLowerCase();
    if (!options?.append) for (let i = own.length; i--; ) if (own[i]![0] === n) own.splice(i, 1);
    if (value !== undefined) own.push([n, value]);
  }) as typeof c.header;
  c.status = (s) => {
    status = s;
  };
  // The type of c.json, c.html and c.text comes after the init's headers and before the call's own.
  const send = (body: BodyInit | null, arg: Init, headers: Headed, type?: string): Response => {
    let list = own;
    let code = status;
    if (typeof arg === "number") code = arg;
    else if (arg) {
      code = arg.status ?? code;
      if (arg.headers) list = merge([...own], new Headers(arg.headers) as unknown as Iterable<Pair>);
    }
    // The common case, nothing set before: the type alone, without a merge.
    if (type) list = list.length === 0 ? [["content-type", type]] : merge(list === own ? [...own] : list, [["content-type", type]]);
    if (headers) list = merge(list === own ? [...own] : list, Object.entries(headers));
    made = makeAnswer(c, body, code, list);
    return made;
  };
  const typed = (type: string) => (body: string, arg: Init, headers: Headed) => send(body, arg, headers, type);
  const page = typed("text/html; charset=UTF-8");
  const finish = (s: unknown) => finishPage(String(s), c.get("locale") ?? "zh-CN");
  c.newResponse = c.body = send as unknown as typeof c.body;
  c.text = typed("text/plain; charset=UTF-8") as unknown as typeof c.text;
  c.json = ((value: unknown, arg: Init, headers: Headed) => send(JSON.stringify(value), arg, headers, "application/json")) as unknown as typeof c.json;
  c.html = ((body: unknown, arg: Init, headers: Headed) => {
    if (typeof body === "string") return page(finish(body), arg, headers);
    return resolveCallback(body as string, HtmlEscapedCallbackPhase.Stringify, false, {}).then((s) => page(finish(s), arg, headers));
  }) as typeof c.html;
  return () => {
    if (c.res !== made) writeResponseHeaders(c);
  };
}
