import type { Hono, MiddlewareHandler } from "hono";
import * as z from "zod";

/** What a route says about itself; method and path are read from the app's own routing table. */
export interface RouteDoc {
  summary: string;
  tag: string;
  auth?: boolean;
  json?: z.ZodType;
  multipart?: z.ZodType;
  query?: z.ZodType;
  responses: Record<number, string>;
}

const DOC = Symbol("route-doc");
type Documented = MiddlewareHandler & { [DOC]: RouteDoc };

/** A pass-through middleware that carries a route's documentation. */
export function doc(route: RouteDoc): MiddlewareHandler {
  const mw = (async (_c, next) => next()) as Documented;
  mw[DOC] = route;
  return mw;
}

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, "{$1}");
const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

/** OpenAPI 3.1 generated from the same zod schemas the validators run. */
export function buildOpenApi(apps: Hono<any>[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const app of apps) {
    for (const route of app.routes) {
      const route_doc = (route.handler as Partial<Documented>)[DOC];
      if (!route_doc) continue;
      const path = toOpenApiPath(route.path);
      const params = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
        name: m[1],
        in: "path",
        required: true,
        schema: { type: "string" },
      }));
      const query = route_doc.query ? schemaOf(route_doc.query) : null;
      const queryParams = query?.properties
        ? Object.entries(query.properties).map(([name, schema]) => ({ name, in: "query", required: false, schema }))
        : [];
      const content = route_doc.json
        ? { "application/json": { schema: schemaOf(route_doc.json) } }
        : route_doc.multipart
          ? { "multipart/form-data": { schema: schemaOf(route_doc.multipart) } }
          : null;
      (paths[path] ??= {})[route.method.toLowerCase()] = {
        tags: [route_doc.tag],
        summary: route_doc.summary,
        ...(params.length || queryParams.length ? { parameters: [...params, ...queryParams] } : {}),
        ...(content ? { requestBody: { required: true, content } } : {}),
        ...(route_doc.auth ? { security: [{ bearer: [] }, { cookie: [] }] } : {}),
        responses: Object.fromEntries(
          Object.entries({ ...route_doc.responses, ...(content ? { 415: "A body in a format this route does not parse" } : {}) }).map(([s, d]) => [s, { description: d }]),
        ),
      };
    }
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        cookie: { type: "apiKey", in: "cookie", name: "sessionid" },
      },
    },
  };
}
