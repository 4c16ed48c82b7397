// What the reference says beyond each route's own declaration (issue 25): the answers every route can
// give before its handler runs (405, 413, 429), in the envelope of the API that owns it, the headers
// every answer carries, path parameters as what the runtime takes, and examples a reader can send.
import { DomainError } from "../domain/errors";
import { MAX_BODY_BYTES, MAX_UPLOAD_BYTES } from "./body-limits";
import type { Surface } from "./surface";

type Json = Record<string, any>;
type Operation = {
  parameters?: Json[];
  requestBody?: Json;
  security?: unknown;
  responses: Record<string, Json>;
};

/** Headers every answer carries (src/app.ts), by reference to `components.headers`. */
export const ANSWER_HEADERS = {
  "X-Request-Id": {
    description:
      "This request's id, as the request log records it: the client's own `X-Request-Id` when it sent a plain token, else a new UUID.",
    schema: { type: "string", examples: ["3f0c2a8e-5b1d-4c6e-9a7f-2d8b1e4c6a90"] },
  },
  "X-Rate-Limit-Limit": {
    description: "Requests this client address may make per minute, every route together.",
    schema: { type: "integer", minimum: 1, examples: [120] },
  },
  "X-Rate-Limit-Remaining": {
    description: "Requests left in the current one-minute window.",
    schema: { type: "integer", minimum: 0, examples: [119] },
  },
  "X-Rate-Limit-Reset": {
    description: "When the current window ends, in **Unix epoch seconds** (not seconds from now).",
    schema: { type: "integer", minimum: 0, examples: [1767225600] },
  },
  "X-D1-Queries": {
    description:
      "Only when the `COUNT_QUERIES` setting is on (development, tests, benchmarks): D1 statements this request ran.",
    schema: { type: "integer", minimum: 0, examples: [2] },
  },
  "X-D1-Rows-Read": {
    description: "Only when `COUNT_QUERIES` is on: rows D1 read for this request (what D1 bills).",
    schema: { type: "integer", minimum: 0, examples: [3] },
  },
  "X-D1-Rows-Written": {
    description: "Only when `COUNT_QUERIES` is on: rows D1 wrote for this request.",
    schema: { type: "integer", minimum: 0, examples: [0] },
  },
} as const;

/** Headers of some answers only. */
export const OCCASIONAL_HEADERS = {
  "Retry-After": {
    description: "Seconds to wait before trying again.",
    schema: { type: "integer", minimum: 1, examples: [42] },
  },
  Allow: {
    description: "The methods this path takes.",
    schema: { type: "string", examples: ["GET, HEAD, POST"] },
  },
  Link: {
    description: 'The next page, RFC 8288: `<…?page=2>; rel="next"`; absent on the last page.',
    schema: { type: "string", examples: ['<https://api.example.com/users/leaderboard/?page=2>; rel="next"'] },
  },
} as const;

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });
const headerRefs = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, ref(n)]));

const MiB = 1024 * 1024;

/**
 * The answers every operation can give before its handler runs (src/app.ts, body-limits.ts, surface.ts),
 * in its API's envelope; 401 wherever a credential is required. A route that declares one keeps its own.
 */
export const PRE_ROUTE_ANSWERS = {
  405: "Another method on this path than the ones it takes (listed in `Allow`)",
  413: `A body over ${MAX_BODY_BYTES / MiB} MiB (JSON, urlencoded), or a multipart body over ${MAX_UPLOAD_BYTES / MiB} MiB or this route's own upload limit`,
  429: "Over the per-minute request limit of this client address (see `X-Rate-Limit-*`); `Retry-After` says how long to wait",
} as const;
export const UNAUTHENTICATED_ANSWER = "No credentials, or an invalid, expired or ended one";

/** What the surface's own envelope answers for each of them, as an example body. */
function preRouteExamples(
  surface: Surface,
  method: string,
): Record<string, { description: string; example: unknown; headers: string[] }> {
  const body = (err: DomainError) => surface.envelope.fromDomain(err).body;
  return {
    401: {
      description: UNAUTHENTICATED_ANSWER,
      example: body(new DomainError("UNAUTHENTICATED")),
      headers: [],
    },
    405: {
      description: PRE_ROUTE_ANSWERS[405],
      example: surface.methodNotAllowed(method === "PUT" ? "PATCH" : "PUT"),
      headers: ["Allow"],
    },
    413: {
      description: PRE_ROUTE_ANSWERS[413],
      example: body(new DomainError("PAYLOAD_TOO_LARGE")),
      headers: [],
    },
    429: {
      description: PRE_ROUTE_ANSWERS[429],
      example: body(new DomainError("RATE_LIMITED", "too_many_requests", { retryAfterSeconds: 42 })),
      headers: ["Retry-After"],
    },
  };
}

/** `/users/:id{[0-9]+}/` → the OpenAPI path and each parameter's route pattern (a pattern may hold braces). */
export function splitRoutePath(path: string): {
  openApiPath: string;
  params: { name: string; pattern?: string }[];
} {
  const params: { name: string; pattern?: string }[] = [];
  let out = "";
  for (let i = 0; i < path.length;) {
    if (path[i] !== ":") {
      out += path[i++];
      continue;
    }
    let j = i + 1;
    while (j < path.length && /[A-Za-z0-9_]/.test(path[j]!)) j++;
    const name = path.slice(i + 1, j);
    let pattern: string | undefined;
    if (path[j] === "{") {
      let depth = 0;
      let k = j;
      for (; k < path.length; k++) {
        if (path[k] === "{") depth++;
        else if (path[k] === "}" && --depth === 0) break;
      }
      pattern = path.slice(j + 1, k);
      j = k + 1;
    }
    params.push({ name, ...(pattern ? { pattern } : {}) });
    out += `{${name}}`;
    i = j;
  }
  return { openApiPath: out, params };
}

/**
 * Path segments a handler reads itself, the route pattern taking any text (Cocotree's chat routes,
 * as the original's `<str:…>`): what the handler accepts (anything else is its "not found").
 */
const HANDLER_READ_SEGMENTS: Record<string, string> = {
  chatId: "^[0-9]{1,15}$",
  userId: "^[0-9]{1,15}$",
  messageId: "^[0-9]{1,15}$",
  announcementId: "^[0-9]{1,15}$",
  count: "^[0-9]{1,4}$",
};

/** A segment of digits is an integer to a client; the pattern is what the runtime checks of the text. */
export function pathParameterSchema(name: string, routePattern: string | undefined): Json {
  const pattern = routePattern ? `^${routePattern}$` : HANDLER_READ_SEGMENTS[name];
  if (pattern && /^\^-?\??\[0-9\]/.test(pattern) && /\[0-9\](\+|\{1,\d+\})\$$/.test(pattern)) {
    const signed = pattern.startsWith("^-?");
    const digits = /\{1,(\d+)\}\$$/.exec(pattern)?.[1];
    return {
      type: "integer",
      ...(signed ? {} : { minimum: 0 }),
      ...(digits ? { maximum: 10 ** Number(digits) - 1 } : {}),
      pattern,
      examples: [1],
    };
  }
  return { type: "string", ...(pattern ? { pattern } : {}) };
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * zod gives every `int()` JavaScript's safe range as its bounds, and Scalar shows the minimum as the
 * example: -9007199254740991 everywhere. Those bounds are no rule of the API; an example within the
 * real ones replaces them.
 */
export function withRealExamples(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(withRealExamples);
  if (!node || typeof node !== "object") return;
  const s = node as Json;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes("integer") || types.includes("number")) {
    if (s.minimum === -MAX_SAFE) delete s.minimum;
    if (s.maximum === MAX_SAFE) delete s.maximum;
    if (
      s.examples === undefined &&
      s.example === undefined &&
      s.const === undefined &&
      s.enum === undefined
    ) {
      const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : undefined);
      const high = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : undefined);
      let example = 1;
      if (low !== undefined && example < low) example = Math.ceil(low);
      if (high !== undefined && example > high) example = Math.floor(high);
      s.examples = [example];
    }
  }
  for (const value of Object.values(s)) withRealExamples(value);
}

/** Every documented route of `surfaces`, as the generated document's operation. */
function* operationsOf(spec: Json, surfaces: readonly Surface[], isDeclared: (handler: unknown) => boolean) {
  for (const surface of surfaces)
    for (const route of surface.app.routes) {
      if (!isDeclared(route.handler)) continue;
      const { openApiPath, params } = splitRoutePath(route.path);
      const op = spec.paths?.[openApiPath]?.[route.method.toLowerCase()] as Operation | undefined;
      if (op) yield { surface, method: route.method, op, params };
    }
}

/** Adds to a generated document what no single declaration says (see the top of this file). */
export function explainReference(
  spec: Json,
  surfaces: readonly Surface[],
  isDeclared: (handler: unknown) => boolean,
) {
  spec.components ??= {};
  spec.components.headers = { ...spec.components.headers, ...ANSWER_HEADERS, ...OCCASIONAL_HEADERS };
  for (const { surface, method, op, params } of operationsOf(spec, surfaces, isDeclared)) {
    for (const p of params) {
      const parameter = op.parameters?.find((x) => x.in === "path" && x.name === p.name);
      if (parameter) parameter.schema = pathParameterSchema(p.name, p.pattern);
      else
        (op.parameters ??= []).push({
          name: p.name,
          in: "path",
          required: true,
          schema: pathParameterSchema(p.name, p.pattern),
        });
    }
    for (const [status, answer] of Object.entries(preRouteExamples(surface, method))) {
      const response = op.responses[status];
      if (!response) continue;
      response.headers = { ...response.headers, ...headerRefs(answer.headers) };
      // Only where the answer is the envelope's own: a route's own wording has its own schema.
      const content = response.content?.["application/json"];
      if (content && response.description === answer.description) content.example = answer.example;
    }
    for (const [status, response] of Object.entries(op.responses)) {
      if (status === "101") continue;
      response.headers = { ...headerRefs(Object.keys(ANSWER_HEADERS)), ...response.headers };
    }
  }
  withRealExamples(spec);
}
