// DESIGN.md "Cross-cutting contracts": OpenAPI 3.1 from the validators' own zod schemas, and a page to read it.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { buildOpenApi } from "../../http/openapi";

type Spec = ReturnType<typeof buildOpenApi>;

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

function renderDocsPage(spec: Spec): string {
  const rows = Object.entries(spec.paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const o = op as { summary: string; tags: string[]; security?: unknown };
        return `<tr><td>${o.tags[0]}</td><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${o.security ? "yes" : ""}</td><td>${escapeHtml(o.summary)}</td></tr>`;
      }),
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${spec.info.title}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}</style></head>
<body><h1>${spec.info.title}</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${spec.openapi}).</p>
<table><thead><tr><th>API</th><th>Method</th><th>Path</th><th>Auth</th><th>Summary</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}

export function docsRoutes(documented: Hono<any>[]) {
  let spec: Spec | undefined;
  const getSpec = () => (spec ??= buildOpenApi(documented, { title: "Edge social API", version: "1.0.0" }));
  return new Hono<AppEnv>()
    .get("/openapi.json", (c) => c.json(getSpec()))
    .get("/docs", (c) => c.html(renderDocsPage(getSpec())));
}
