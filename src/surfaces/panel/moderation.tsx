// /admin/applications/, /admin/reports/, /admin/content/ (issue 14): the same verbs as the JSON admin API.
import type { Context } from "hono";
import { Hono } from "hono";
import { postsNamed } from "../../domain/admin/bulk";
import {
  CONTENT_KINDS,
  CONTENT_SORTS,
  adminDismissReports,
  adminRemovePost,
  listContent,
  listOpenReports,
  type ContentKind,
} from "../../domain/admin/moderation";
import { APPLICATION_STATUS, listApplications, reviewApplication } from "../../domain/creators/applications";
import { DomainError } from "../../domain/errors";
import { pageOrThrow } from "../../domain/lists/page";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { originOf } from "../admin/admin-only";
import { ActionMenu, CONTENT_ACTIONS } from "./bulk";
import { ActionButton, Csrf, page, Pager, SortableTh, when } from "./layout";
import { panelOf, requirePanelAdmin } from "./session";
import { pageParam } from "./users";

const STATUS_LABEL: Record<number, string> = {
  [APPLICATION_STATUS.pending]: "Pending",
  [APPLICATION_STATUS.approved]: "Approved",
  [APPLICATION_STATUS.rejected]: "Rejected",
};

const DONE: Record<string, string> = {
  approve: "Application approved: the user is a creator now and was notified.",
  reject: "Application rejected.",
  dismissed: "Reports dismissed.",
  removed: "Post removed.",
};

function Done({ c }: { c: Context<AppEnv> }) {
  const key = c.req.query("done") ?? "";
  return Object.hasOwn(DONE, key) ? (
    <p class="status" role="status">
      {DONE[key]}
    </p>
  ) : null;
}

/** Where a form asked to go back to: a panel list, else the default. */
const backTo = (raw: unknown, fallback: string) =>
  typeof raw === "string" && /^\/admin\/(reports|content)\/(\?[A-Za-z0-9=&%._+-]*)?$/.test(raw)
    ? raw
    : fallback;
const withDone = (url: string, done: string) => `${url}${url.includes("?") ? "&" : "?"}done=${done}`;

export const moderationRoutes = new Hono<AppEnv>();

moderationRoutes.get("/admin/applications/", requirePanelAdmin, async (c) => {
  const { viewer, csrf } = panelOf(c);
  const rows = await listApplications(ctxOf(c), { pendingFirst: true });
  return page(
    c,
    "Creator applications",
    { viewer, csrf, current: "/admin/applications/" },
    <>
      <h1>Creator applications</h1>
      <Done c={c} />
      {rows.length ? (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">User</th>
                <th scope="col">Status</th>
                <th scope="col">Filed</th>
                <th scope="col">Reviewed</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ application: a, username }) => (
                <tr>
                  <td data-label="#">{a.id}</td>
                  <td data-label="User">
                    <a href={`/admin/users/${a.userId}/`}>{username}</a>
                  </td>
                  <td data-label="Status">
                    <span class={a.status === APPLICATION_STATUS.rejected ? "tag bad" : "tag"}>
                      {STATUS_LABEL[a.status] ?? String(a.status)}
                    </span>
                  </td>
                  <td data-label="Filed">{when(a.createdAt)}</td>
                  <td data-label="Reviewed">{when(a.reviewedAt)}</td>
                  <td data-label="Decision">
                    <div class="actions">
                      {a.status !== APPLICATION_STATUS.approved ? (
                        <ActionButton
                          action={`/admin/applications/${a.id}/approve/`}
                          csrf={csrf}
                          label={`Approve ${username}`}
                          primary
                        />
                      ) : null}
                      {a.status !== APPLICATION_STATUS.rejected ? (
                        <ActionButton
                          action={`/admin/applications/${a.id}/reject/`}
                          csrf={csrf}
                          label={`Reject ${username}`}
                          danger
                        />
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">No applications.</p>
      )}
    </>,
  );
});

for (const decision of ["approve", "reject"] as const) {
  moderationRoutes.post(`/admin/applications/:id{[0-9]+}/${decision}/`, requirePanelAdmin, async (c) => {
    await reviewApplication(ctxOf(c), { id: Number(c.req.param("id")), decision, origin: originOf(c) });
    return c.redirect(`/admin/applications/?done=${decision}`, 303);
  });
}

const excerpt = (text: string, n = 280) => (text.length > n ? `${text.slice(0, n)}…` : text);

moderationRoutes.get("/admin/reports/", requirePanelAdmin, async (c) => {
  const { viewer, csrf } = panelOf(c);
  const result = pageOrThrow(await listOpenReports(ctxOf(c), { page: pageParam(c.req.query("page")) }));
  const here = result.page > 1 ? `/admin/reports/?page=${result.page}` : "/admin/reports/";
  return page(
    c,
    "Reports",
    { viewer, csrf, current: "/admin/reports/" },
    <>
      <h1>Open reports</h1>
      <Done c={c} />
      <p class="muted">
        {result.count} reported post{result.count === 1 ? "" : "s"}, most reported first.
      </p>
      {result.rows.map((r) => (
        <article aria-labelledby={`post-${r.post.id}`}>
          <h2 id={`post-${r.post.id}`}>
            {r.post.title || "(untitled)"} <span class="tag">{r.post.postType}</span>
          </h2>
          <p class="muted">
            #{r.post.id} by <a href={`/admin/users/${r.post.createdBy}/`}>{r.author}</a>, posted{" "}
            {when(r.post.createdAt)}
          </p>
          <p class="preview">{excerpt(r.post.description) || "(no text)"}</p>
          <p>
            <strong>
              {r.reports} report{r.reports === 1 ? "" : "s"}:
            </strong>{" "}
            {Object.entries(r.reasons)
              .filter(([, n]) => n > 0)
              .map(([reason, n]) => (
                <span class="tag bad">
                  {reason} × {n}
                </span>
              ))}{" "}
            <span class="muted">
              first {when(r.firstReportedAt)}, last {when(r.lastReportedAt)}
            </span>
          </p>
          <div class="actions">
            <form method="post" action={`/admin/reports/${r.post.id}/dismiss/`}>
              <Csrf token={csrf} />
              <input type="hidden" name="back" value={here} />
              <button type="submit">Dismiss reports on #{r.post.id}</button>
            </form>
            <a class="button" href={removeHref(r.post.id, here)}>
              Remove post #{r.post.id}…
            </a>
          </div>
        </article>
      ))}
      <Pager page={result.page} totalPages={result.totalPages} href={(n) => `/admin/reports/?page=${n}`} />
    </>,
  );
});

moderationRoutes.post("/admin/reports/:postId{[0-9]+}/dismiss/", requirePanelAdmin, async (c) => {
  const { form } = panelOf(c);
  await adminDismissReports(ctxOf(c), { postId: Number(c.req.param("postId")), origin: originOf(c) });
  return c.redirect(withDone(backTo(form.get("back"), "/admin/reports/"), "dismissed"), 303);
});

/** The confirmation page of a removal, which goes back to the list it came from. */
const removeHref = (id: number, back: string) =>
  `/admin/posts/${id}/remove/?${new URLSearchParams({ back })}`;

moderationRoutes.get("/admin/posts/:id{[0-9]+}/remove/", requirePanelAdmin, async (c) => {
  const { viewer, csrf } = panelOf(c);
  const id = Number(c.req.param("id"));
  const back = backTo(c.req.query("back"), "/admin/content/");
  const post = (await postsNamed(ctxOf(c), [id])).get(id);
  if (!post) throw new DomainError("NOT_FOUND", "post");
  const name = `#${id} ${post.title ? `“${excerpt(post.title, 80)}”` : "(untitled)"}`;
  return page(
    c,
    `Remove post #${id}`,
    { viewer, csrf, current: "/admin/content/" },
    <>
      <h1>Remove {name}?</h1>
      <p>
        This deletes the {post.postType} with its likes, hides, reports and comments. It cannot be undone.
      </p>
      <div class="actions">
        <form method="post" action={`/admin/posts/${id}/remove/`} class="inline">
          <Csrf token={csrf} />
          <input type="hidden" name="back" value={back} />
          <button type="submit" class="danger">
            Yes, remove post #{id}
          </button>
        </form>
        <a class="button" href={back}>
          Cancel
        </a>
      </div>
    </>,
  );
});

moderationRoutes.post("/admin/posts/:id{[0-9]+}/remove/", requirePanelAdmin, async (c) => {
  const { form } = panelOf(c);
  await adminRemovePost(ctxOf(c), { postId: Number(c.req.param("id")), origin: originOf(c) });
  return c.redirect(withDone(backTo(form.get("back"), "/admin/content/"), "removed"), 303);
});

const KIND_LABEL: Record<ContentKind, string> = { post: "Posts", reel: "Reels", video: "Videos" };

moderationRoutes.get("/admin/content/", requirePanelAdmin, async (c) => {
  const { viewer, csrf } = panelOf(c);
  const q = (c.req.query("q") ?? "").slice(0, 100);
  const kind = (Object.keys(CONTENT_KINDS) as ContentKind[]).find((k) => k === c.req.query("kind"));
  // A search's window is the newest posts, and two types (reels, videos) skip the other types' entries
  // of posts_created_idx, reading more the rarer they are: only the whole list and one type sort.
  const sortable = !q.trim() && (!kind || CONTENT_KINDS[kind].length === 1);
  const sort = sortable ? CONTENT_SORTS.find((k) => k === c.req.query("sort")) : undefined;
  const result = pageOrThrow(
    await listContent(ctxOf(c), { q, kind, sort, page: pageParam(c.req.query("page")) }),
  );
  const query = (n: number) =>
    new URLSearchParams({ q, kind: kind ?? "", ...(sort ? { sort } : {}), page: String(n) }).toString();
  const sortHref = (by: string) => `/admin/content/?${new URLSearchParams({ kind: kind ?? "", sort: by })}`;
  const here = `/admin/content/?${query(result.page)}`;
  return page(
    c,
    "Content",
    { viewer, csrf, current: "/admin/content/" },
    <>
      <h1>Content</h1>
      <Done c={c} />
      <form method="get" action="/admin/content/" class="filters" role="search">
        <div class="field">
          <label for="q">Title or author</label>
          <input type="search" id="q" name="q" value={q} />
        </div>
        <div class="field">
          <label for="kind">Kind</label>
          <select id="kind" name="kind">
            <option value="">All</option>
            {(Object.keys(KIND_LABEL) as ContentKind[]).map((k) => (
              <option value={k} selected={k === kind}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      <p class="muted">
        {result.count} item{result.count === 1 ? "" : "s"}
      </p>
      <form method="post" action="/admin/content/bulk/">
        <Csrf token={csrf} />
        <ActionMenu actions={CONTENT_ACTIONS} noun="items" />
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Select</span>
                </th>
                <th scope="col">#</th>
                <th scope="col">Title</th>
                <th scope="col">Type</th>
                <th scope="col">Author</th>
                {sortable ? (
                  <SortableTh label="Posted" name="posted" current={sort ?? "-posted"} href={sortHref} />
                ) : (
                  <th scope="col">Posted</th>
                )}
                <th scope="col">Likes / views</th>
                <th scope="col">Open reports</th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map(({ post, author, openReports }) => (
                <tr>
                  <td data-label="Select">
                    <input
                      type="checkbox"
                      name="ids"
                      value={String(post.id)}
                      aria-label={`Select #${post.id}`}
                    />
                  </td>
                  <td data-label="#">{post.id}</td>
                  <td data-label="Title">{excerpt(post.title, 120) || "(untitled)"}</td>
                  <td data-label="Type">{post.postType}</td>
                  <td data-label="Author">
                    <a href={`/admin/users/${post.createdBy}/`}>{author}</a>
                  </td>
                  <td data-label="Posted">{when(post.createdAt)}</td>
                  <td data-label="Likes / views">
                    {post.likeCount} / {post.viewCount}
                  </td>
                  <td data-label="Open reports">
                    {openReports ? <a href="/admin/reports/">{openReports}</a> : 0}
                  </td>
                  <td data-label="Remove">
                    <a class="button" href={removeHref(post.id, here)}>
                      Remove #{post.id}…
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </form>
      <Pager page={result.page} totalPages={result.totalPages} href={(n) => `/admin/content/?${query(n)}`} />
    </>,
  );
});
