// /admin/audit/: every admin action, from the panel or the JSON admin API, newest first (issue 14).
import { Hono } from "hono";
import { listAudit } from "../../domain/admin/audit";
import { pageOrThrow } from "../../domain/lists/page";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { page, Pager, when } from "./layout";
import { panelOf, requirePanelAdmin } from "./session";
import { pageParam } from "./users";

const objectHref = (type: string, id: number) => (type === "user" ? `/admin/users/${id}/` : null);

export const auditRoutes = new Hono<AppEnv>();

auditRoutes.get("/admin/audit/", requirePanelAdmin, async (c) => {
  const { viewer, csrf } = panelOf(c);
  const result = pageOrThrow(await listAudit(ctxOf(c), { page: pageParam(c.req.query("page")) }));
  return page(
    c,
    "Audit log",
    { viewer, csrf, current: "/admin/audit/" },
    <>
      <h1>Audit log</h1>
      <p class="muted">
        {result.count} action{result.count === 1 ? "" : "s"}, newest first.
      </p>
      <div class="table-wrap">
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Object</th>
              <th scope="col">IP</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((a) => {
              const href = objectHref(a.objectType, a.objectId);
              return (
                <tr>
                  <td data-label="When">{when(a.createdAt)}</td>
                  <td data-label="Who">
                    <a href={`/admin/users/${a.actorId}/`}>{a.actorName}</a>
                  </td>
                  <td data-label="Action">
                    <code>{a.action}</code>
                  </td>
                  <td data-label="Object">
                    {href ? (
                      <a href={href}>{`${a.objectType} #${a.objectId}`}</a>
                    ) : (
                      `${a.objectType} #${a.objectId}`
                    )}
                  </td>
                  <td data-label="IP">{a.ip || "—"}</td>
                  <td data-label="Detail">
                    <code>{a.detail}</code>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager page={result.page} totalPages={result.totalPages} href={(n) => `/admin/audit/?page=${n}`} />
    </>,
  );
});
