// The frame of every panel page: headers, the document, the navigation (issue 14).
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Viewer } from "../../domain/auth/viewer";
import type { AppEnv } from "../../env";

export const STYLESHEET = "/admin/panel.css";

/**
 * No script at all, styles from this Worker's stylesheet only, forms that post only here, and
 * never inside a frame. Inline SVG (the dashboard chart) uses presentation attributes, which
 * `style-src` does not govern.
 */
export const PANEL_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** Set before the route runs, so redirects and error pages carry them too; secure-headers adds the rest. */
export function setPageHeaders(c: Context<AppEnv>) {
  c.header("Content-Security-Policy", PANEL_CSP);
  c.header("X-Frame-Options", "DENY");
  c.header("Referrer-Policy", "same-origin");
  c.header("Cache-Control", "no-store");
}

const NAV = [
  ["/admin/", "Dashboard"],
  ["/admin/users/", "Users"],
  ["/admin/applications/", "Applications"],
  ["/admin/reports/", "Reports"],
  ["/admin/content/", "Content"],
  ["/admin/audit/", "Audit log"],
] as const;

export interface Chrome {
  /** The signed-in admin and the form token; absent on the sign-in and error pages of anonymous visitors. */
  viewer?: Viewer;
  csrf?: string;
  /** The navigation entry to mark as the current page. */
  current?: string;
}

function Document({ title, chrome, children }: { title: string; chrome: Chrome; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} · Admin`}</title>
        <link rel="stylesheet" href={STYLESHEET} />
        <link rel="icon" href="data:," />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/admin/">
            Admin
          </a>
          {chrome.viewer && chrome.csrf ? (
            <>
              <nav aria-label="Sections">
                <ul>
                  {NAV.map(([href, label]) => (
                    <li>
                      <a href={href} aria-current={chrome.current === href ? "page" : undefined}>
                        {label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <form method="post" action="/admin/logout/">
                <input type="hidden" name="csrf" value={chrome.csrf} />
                <button type="submit">Sign out {chrome.viewer.user.username}</button>
              </form>
            </>
          ) : null}
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

function html(node: Child): string {
  const out = (node as { toString(): string | Promise<string> }).toString();
  // Every panel component is synchronous; an async one would need the awaiting c.html.
  if (typeof out !== "string") throw new Error("panel pages render synchronously");
  return `<!doctype html>${out}`;
}

/** A whole page as the response, with the panel's headers. */
export function page(
  c: Context<AppEnv>,
  title: string,
  chrome: Chrome,
  body: Child,
  status: ContentfulStatusCode = 200,
): Response {
  setPageHeaders(c);
  return c.html(
    html(
      <Document title={title} chrome={chrome}>
        {body}
      </Document>,
    ),
    status,
  );
}

/** The hidden field every form carries. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="csrf" value={token} />;

/** A one-button form posting to `action`: every panel action is one of these. */
export function ActionButton({
  action,
  csrf,
  label,
  danger,
  primary,
}: {
  action: string;
  csrf: string;
  label: string;
  danger?: boolean;
  primary?: boolean;
}) {
  return (
    <form method="post" action={action} class="inline">
      <Csrf token={csrf} />
      <button type="submit" class={danger ? "danger" : primary ? "primary" : undefined}>
        {label}
      </button>
    </form>
  );
}

export function Pager({
  page,
  totalPages,
  href,
}: {
  page: number;
  totalPages: number;
  href: (n: number) => string;
}) {
  if (totalPages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          ← Previous
        </a>
      ) : null}
      <span>
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? (
        <a href={href(page + 1)} rel="next">
          Next →
        </a>
      ) : null}
    </nav>
  );
}

export const when = (d: Date | null | undefined) =>
  d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—";

/**
 * A column heading that sorts the list by `name` (a link, so it works with no script): the first
 * click sorts ascending, a click on the current column flips it. `aria-sort` says the current order.
 */
export function SortableTh({
  label,
  name,
  current,
  href,
}: {
  label: string;
  name: string;
  current: string;
  href: (sort: string) => string;
}) {
  const state = current === name ? "ascending" : current === `-${name}` ? "descending" : undefined;
  const next = state === "ascending" ? `-${name}` : name;
  return (
    <th scope="col" aria-sort={state}>
      <a href={href(next)}>
        {label}
        {state === "ascending" ? " ▲" : state === "descending" ? " ▼" : ""}
      </a>
    </th>
  );
}
