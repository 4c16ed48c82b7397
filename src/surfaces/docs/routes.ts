// DESIGN.md "Cross-cutting contracts": OpenAPI 3.1 from the validators' own zod schemas, and a page to read it.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { buildOpenApi } from "../../http/openapi";
import type { Surface } from "../../http/surface";
import { REFERENCE_INTRO } from "./reference-intro";

type Spec = Awaited<ReturnType<typeof buildOpenApi>>;

/** Where Workers static assets serve Scalar's standalone bundle (scripts/docs-assets.mjs puts it there). */
const SCALAR_BUNDLE = "/docs/scalar.js";
const SCALAR_INIT = "/docs/init.js";

/**
 * Nothing but this origin: the bundle and its start-up script are files of this Worker, so the page
 * needs no inline script. Scalar injects its stylesheet as a <style> element, hence 'unsafe-inline'
 * for styles only.
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** One document per API (`?api=<tag>`), the whole first: Scalar's selector shows one API at a time. */
const SOURCES = [
  { title: "All APIs", slug: "all", url: "/openapi.json" },
  ...REFERENCE_INTRO.tags.map((t) => ({ title: t.name, slug: t.name, url: `/openapi.json?api=${t.name}` })),
];

/** Scalar's options: the specs from this Worker, and none of its features that call scalar.com. */
const SCALAR_CONFIG = {
  sources: SOURCES,
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: "never",
  showToolbar: "never",
  hideClientButton: true,
  agent: { disabled: true },
};

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The route list doubles as the page for readers without JavaScript (and for crawlers and curl). */
function renderRouteList(spec: Spec): string {
  const rows = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const o = op as { summary: string; tags: string[]; security?: unknown };
        return `<tr><td>${o.tags[0]}</td><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${o.security ? "yes" : ""}</td><td>${escapeHtml(o.summary)}</td></tr>`;
      }),
    )
    .join("\n");
  return `<table class="route-list"><thead><tr><th>API</th><th>Method</th><th>Path</th><th>Auth</th><th>Summary</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function renderDocsPage(spec: Spec): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(spec.info.title)}</title><link rel="icon" href="data:,"></head>
<body><div id="app"></div>
<noscript><style>body{font:14px system-ui,sans-serif;margin:2rem}.route-list{border-collapse:collapse}.route-list td,.route-list th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}</style>
<h1>${escapeHtml(spec.info.title)}</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${spec.openapi}).</p>
${renderRouteList(spec)}</noscript>
<script src="${SCALAR_BUNDLE}"></script><script src="${SCALAR_INIT}"></script></body></html>`;
}

const initScript = `Scalar.createApiReference("#app", ${JSON.stringify(SCALAR_CONFIG)});\n`;

/** The document of one API: its tag's operations alone, the shared components kept. */
function oneApi(spec: Spec, tag: string): Spec {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, ops] of Object.entries(spec.paths as Record<string, Record<string, { tags?: string[] }>>)) {
    const mine = Object.entries(ops).filter(([, op]) => op.tags?.includes(tag));
    if (mine.length) paths[path] = Object.fromEntries(mine);
  }
  const tags = (spec.tags ?? []).filter((t) => t.name === tag);
  // Its own envelope and credentials first: the reader chose this API.
  const info = { ...spec.info, title: `${spec.info.title}: ${tag}`, description: `${tags[0]?.description ?? ""}\n\n${spec.info.description ?? ""}` };
  return { ...spec, info, tags, paths } as Spec;
}

export function docsRoutes(documented: readonly Surface[]) {
  let spec: Promise<Spec> | undefined;
  const getSpec = () => (spec ??= buildOpenApi(documented, REFERENCE_INTRO));
  const apis = new Set(REFERENCE_INTRO.tags.map((t) => t.name));
  return new Hono<AppEnv>()
    .get("/openapi.json", async (c) => {
      const api = c.req.query("api");
      // An unknown name is no document rather than an empty one that looks like a real API.
      if (api !== undefined && !apis.has(api)) return c.json({ detail: "Not found." }, 404);
      const whole = await getSpec();
      return c.json(api === undefined ? whole : oneApi(whole, api));
    })
    .get("/docs", async (c) => {
      c.header("Content-Security-Policy", DOCS_CSP);
      return c.html(renderDocsPage(await getSpec()));
    })
    .get(SCALAR_INIT, (c) => {
      c.header("Content-Type", "text/javascript; charset=utf-8");
      return c.body(initScript);
    });
}
