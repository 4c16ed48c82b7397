// One declaration per route (issue 9): what a route says about itself is also what runs before its
// handler. hono-openapi walks the routing table and builds the document from the declarations;
// method and path are read from the routing table itself.
import type { Context, Env, Hono, MiddlewareHandler } from "hono";
import { generateSpecs, resolver, uniqueSymbol, validator } from "hono-openapi";
import { findTargetHandler } from "hono/utils/handler";
import * as z from "zod";
import type { Viewer } from "../domain/auth/viewer";
import type { Ctx } from "../domain/context";
import { DomainError, validationError } from "../domain/errors";
import type { AppEnv } from "../env";
import { ctxOf } from "./context";
import { getViewer } from "./credentials";
import { BOOKMARK_HEADER, type RouteSession } from "./d1-bookmark";
import { formBody, type FormLimit } from "./declared-body";
import { bodyFormat, readJson } from "./request-body";
import { zodFieldErrors } from "./validator";
import {
  explainReference,
  type OCCASIONAL_HEADERS,
  PRE_ROUTE_ANSWERS,
  UNAUTHENTICATED_ANSWER,
} from "./openapi-reference";
import type { Surface } from "./surface";
import { provideToJSONSchema } from "./zod-json-schema";

provideToJSONSchema(z.toJSONSchema);

/** A documented answer: a body schema for every status that has a body (101, 204 and 302 have none). */
export interface ResponseDecl {
  description: string;
  schema?: z.ZodType;
  /** Headers of this answer beyond those every answer carries (openapi-reference.ts). */
  headers?: (keyof typeof OCCASIONAL_HEADERS)[];
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * A response schema tied to what its serializer returns: `bodyOf<ReturnType<typeof toX>>()(schema)`
 * fails to compile when the two differ either way, so the document cannot drift from the code.
 */
export const bodyOf =
  <T>() =>
  <S extends z.ZodType>(
    schema: S,
    ..._exact: Same<z.output<S>, T> extends true ? [] : ["the schema differs from the serializer's type"]
  ) =>
    schema;

/** Resolves the caller or says there is none; the default reads every credential form (credentials.ts). */
export type Authenticator = (c: Context<AppEnv>) => Promise<Viewer | null>;

export interface RouteDecl {
  summary: string;
  /**
   * true: any credential of the caller; a function: this route's own way to find the caller;
   * "optional": the caller if any (`c.var.viewer` a `Viewer`, or null), so what a public route
   * shows (blocks, hides) is decided for whoever asks, never by a handler remembering to look.
   */
  auth?: boolean | Authenticator | "optional";
  /**
   * Runs after authentication and before validation: a 403 that must come before any 400 (e.g. "not
   * your profile"). It calls the domain's policy (src/domain/policy/), which the verb then checks again.
   */
  guard?: (ctx: Ctx, c: Context<AppEnv>) => unknown;
  /** A JSON body, validated here; a body in any other format is refused (415). */
  json?: z.ZodType;
  /**
   * A urlencoded or multipart body, or a JSON object with the same fields, validated here into one
   * value (`c.req.valid("form")`) whichever format came; files are `upload()` fields (declared-body.ts).
   * A body in any other format is refused (415).
   */
  form?: z.ZodType;
  /** The same as `form`, documented as multipart only: a route whose point is its file. */
  multipart?: z.ZodType;
  /** The largest form body the route reads, and its own refusal of a larger one (default: 10 MiB, 413). */
  formLimit?: FormLimit;
  query?: z.ZodType;
  /**
   * Where the request's D1 session starts (issue 23). Omitted: the primary. `first-unconstrained`
   * only on a public read (no `auth`, no body) whose answer may be a moment old; a bookmark the
   * client sends back still holds (src/http/d1-bookmark.ts).
   */
  d1Session?: RouteSession;
  responses: Record<number, ResponseDecl>;
}

/** What one surface adds to each of its declarations: its tag, and its error body for the automatic 415. */
export interface SurfaceDocs {
  tag: string;
  /** Also the body of the answers every route can give before its handler runs (405, 413, 429; 401 undeclared). */
  unsupportedMediaType: z.ZodType;
}

type Authed<A> = A extends true | Authenticator ? { Variables: { viewer: Viewer } } : {};
type Target<T, K extends string> = T extends z.ZodType
  ? { in: { [P in K]: z.input<T> }; out: { [P in K]: z.output<T> } }
  : {};
type FormTarget<D extends RouteDecl> = D extends { form: z.ZodType }
  ? Target<D["form"], "form">
  : D extends { multipart: z.ZodType }
    ? Target<D["multipart"], "form">
    : {};

const DECLARATION = Symbol("route-declaration");
type Declared = MiddlewareHandler & { [DECLARATION]: RouteDecl & { tag: string } };

/** The declaration a registered handler carries, if it is one. */
export function declarationOf(handler: unknown): (RouteDecl & { tag: string }) | undefined {
  return (findTargetHandler(handler as MiddlewareHandler) as Partial<Declared>)[DECLARATION];
}

/** The validator every surface uses: a failed check is a VALIDATION DomainError, worded by the surface's onError. */
const throwFieldErrors = (result: { success: boolean; error?: unknown; data: unknown }) => {
  if (!result.success)
    throw validationError(zodFieldErrors({ issues: result.error as z.core.$ZodIssue[] }, result.data));
};

// hono reads a body under any other type as {}: refuse it instead of passing it on as no data.
// The body is parsed here (hono caches it for the validator) so a surface can word bad JSON itself.
const jsonOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if ((await bodyFormat(c, ["json"])) === "json") await readJson(c);
  await next();
};

function authentication(
  authenticate: Authenticator,
  required: boolean,
  guard: RouteDecl["guard"],
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const viewer = await authenticate(c);
    if (!viewer && required) throw new DomainError("UNAUTHENTICATED");
    c.set("viewer", viewer);
    if (guard) await guard(ctxOf(c), c);
    await next();
  };
}

const json = (schema: z.ZodType) => ({ schema: resolver(schema, { options: { io: "output" } }) });
const requestSchema = (schema: z.ZodType) => ({ schema: resolver(schema) });
const SECURITY = [{ bearer: [] }, { cookie: [] }];

/**
 * Query parameters a handler reads as numbers itself (the schema passes the text on): an integer to a
 * client. Pagination's `page_size` falls back to its default on anything else (DRF), the id filters match nothing.
 */
const HANDLER_READ_INTEGERS: Record<string, object> = {
  page_size: { minimum: 1, examples: [10] },
  sender_id: { minimum: 0, maximum: 999_999_999_999_999, pattern: "^[0-9]{1,15}$", examples: [1] },
  before_id: { minimum: 0, maximum: 999_999_999_999_999, pattern: "^[0-9]{1,15}$", examples: [1] },
};

/** A query value of digits (`^[0-9]{1,n}$`) is an integer to a client; the pattern is what the runtime checks of the text. */
function asInteger(name: string, s: { type?: unknown; pattern?: string }): object {
  if (s.type !== "string") return s;
  if (name in HANDLER_READ_INTEGERS) return { ...s, type: "integer", ...HANDLER_READ_INTEGERS[name] };
  const digits = s.pattern && /^\^\[0-9\]\{1,(\d+)\}\$$/.exec(s.pattern)?.[1];
  return digits ? { ...s, type: "integer", minimum: 0, maximum: 10 ** Number(digits) - 1, examples: [1] } : s;
}

/** Query parameters from the query schema, each optional unless the schema requires it. */
function queryParameters(schema: z.ZodType) {
  const js = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: js.required?.includes(name) ?? false,
    schema: asInteger(name, s),
  }));
}

/** Every operation takes the bookmark back and hands the next one out (src/http/d1-bookmark.ts; README "Read replicas"). */
const BOOKMARK_PARAMETER = { $ref: "#/components/parameters/D1Bookmark" };
const BOOKMARK_RESPONSE_HEADERS = { [BOOKMARK_HEADER]: { $ref: "#/components/headers/D1Bookmark" } };
const BOOKMARK_SCHEMA = {
  type: "string",
  pattern: "^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$",
} as const;
const BOOKMARK_COMPONENTS = {
  parameters: {
    D1Bookmark: {
      name: BOOKMARK_HEADER,
      in: "header",
      required: false,
      description:
        "The `X-D1-Bookmark` of an earlier answer: this request then reads at least what that answer had seen, your own writes included. Browsers also get and send it as the `d1_bookmark` cookie.",
      schema: BOOKMARK_SCHEMA,
    },
  },
  headers: {
    D1Bookmark: {
      description: "How far this answer's database session got; send it back with the next request.",
      schema: BOOKMARK_SCHEMA,
    },
  },
} as const;

/** `post` + `/api/parent/request_otp/` → `postApiParentRequest_otp`: `-` and `_` spellings stay distinct. */
const operationId = (route: { method: string; path: string }) =>
  route.method.toLowerCase() +
  route.path
    .split("/")
    .filter(Boolean)
    .map((s) =>
      s.startsWith(":")
        ? `By${cap(s.slice(1).replace(/\{.*$/, ""))}`
        : s
            .split(/[^A-Za-z0-9_]+/)
            .map(cap)
            .join(""),
    )
    .join("");
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function operation(decl: RouteDecl, surface: SurfaceDocs) {
  const content = decl.json
    ? { "application/json": requestSchema(decl.json) }
    : decl.multipart
      ? { "multipart/form-data": requestSchema(decl.multipart) }
      : decl.form
        ? {
            "application/json": requestSchema(decl.form),
            "application/x-www-form-urlencoded": requestSchema(decl.form),
            "multipart/form-data": requestSchema(decl.form),
          }
        : null;
  const responses: Record<number, ResponseDecl> = { ...decl.responses };
  if (content)
    responses[415] = {
      description: "A body in a format this route does not parse",
      schema: surface.unsupportedMediaType,
    };
  const secured = decl.auth && decl.auth !== "optional";
  if (secured)
    responses[401] ??= { description: UNAUTHENTICATED_ANSWER, schema: surface.unsupportedMediaType };
  for (const [status, description] of Object.entries(PRE_ROUTE_ANSWERS))
    responses[Number(status)] ??= { description, schema: surface.unsupportedMediaType };
  return {
    operationId,
    tags: [surface.tag],
    summary: decl.summary,
    parameters: [...(decl.query ? queryParameters(decl.query) : []), BOOKMARK_PARAMETER],
    ...(content ? { requestBody: { required: true, content } } : {}),
    // An optional credential is not a requirement: the route answers everyone.
    ...(secured ? { security: SECURITY } : {}),
    responses: Object.fromEntries(
      Object.entries(responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          headers: {
            ...BOOKMARK_RESPONSE_HEADERS,
            ...Object.fromEntries((r.headers ?? []).map((h) => [h, { $ref: `#/components/headers/${h}` }])),
          },
          ...(r.schema ? { content: { "application/json": json(r.schema) } } : {}),
        },
      ]),
    ),
  };
}

/**
 * The declaration of one surface's routes. `route({...})` is the one middleware a route puts
 * before its handler: it authenticates (401 before any 400, by construction, and `c.var.viewer`
 * is a `Viewer` for the handler), runs the guard, parses and validates the body (JSON, form or
 * multipart with files) and query, and documents all of it with a response schema for every status.
 */
export function declareRoutes(surface: SurfaceDocs) {
  return function route<const D extends RouteDecl, E extends Env = AppEnv, P extends string = string>(
    decl: D,
  ): MiddlewareHandler<
    E & Authed<D["auth"]>,
    P,
    Target<D["json"], "json"> & FormTarget<D> & Target<D["query"], "query">
  > {
    // A guard runs only after authentication: without `auth` it would be skipped, and the route left open.
    if (decl.guard && !decl.auth) throw new Error(`route "${decl.summary}": a guard needs auth`);
    // A credential or a body means a decision on state the caller may just have changed: the primary.
    if (
      decl.d1Session === "first-unconstrained" &&
      (decl.auth === true || typeof decl.auth === "function" || decl.json || decl.form || decl.multipart)
    )
      throw new Error(`route "${decl.summary}": only a public read may start its D1 session at a replica`);
    const chain: MiddlewareHandler<AppEnv>[] = [];
    if (decl.auth) {
      const authenticate = typeof decl.auth === "function" ? decl.auth : getViewer;
      chain.push(authentication(authenticate, decl.auth !== "optional", decl.guard));
    }
    if (decl.json)
      chain.push(
        jsonOnly,
        validator("json", decl.json, throwFieldErrors) as unknown as MiddlewareHandler<AppEnv>,
      );
    const form = decl.form ?? decl.multipart;
    if (form) chain.push(formBody(form, decl.formLimit));
    if (decl.query)
      chain.push(validator("query", decl.query, throwFieldErrors) as unknown as MiddlewareHandler<AppEnv>);
    const declared: MiddlewareHandler<AppEnv> = (c, next) => {
      const step = async (i: number): Promise<void> => {
        if (i === chain.length) return next();
        // hono's own `next` resolves to the context; only a middleware's own answer is a Response.
        const res: unknown = await chain[i]!(c, () => step(i + 1));
        if (res instanceof Response) c.res = res;
      };
      return step(0);
    };
    return Object.assign(declared, {
      [uniqueSymbol]: { spec: operation(decl, surface) },
      [DECLARATION]: { ...decl, tag: surface.tag },
    }) as never;
  };
}

/** What the document says of itself: the service, where it runs, one tag per API. */
export interface ReferenceIntro {
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
}

/** OpenAPI 3.1 from every declaration of these surfaces' routes, explained (openapi-reference.ts). */
export async function buildOpenApi(surfaces: readonly Surface[], intro: ReferenceIntro) {
  const routes = { routes: surfaces.flatMap((s) => s.app.routes) } as Hono<any>;
  const spec = await generateSpecs(routes, {
    documentation: {
      ...intro,
      components: {
        ...BOOKMARK_COMPONENTS,
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
          cookie: { type: "apiKey", in: "cookie", name: "sessionid" },
        },
      },
    },
    // Every failure status is declared with its own envelope; none is made up.
    defaultValidationErrorResponse: false,
  });
  explainReference(spec, surfaces, (handler) => declarationOf(handler) !== undefined);
  return spec;
}
