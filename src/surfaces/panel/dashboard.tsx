// /admin/: the figures and a server-rendered chart of sign-ups (issue 14).
import { Hono } from "hono";
import { dashboardCounts, type DashboardCounts } from "../../domain/admin/dashboard";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { page } from "./layout";
import { panelOf, requirePanelAdmin } from "./session";

const W = 640;
const H = 220;
const PAD = { left: 36, right: 8, top: 12, bottom: 28 };

/** Bars of sign-ups per day: plain SVG with presentation attributes (no style), readable without script. */
function SignupChart({ signups }: { signups: DashboardCounts["signups"] }) {
  const max = Math.max(1, ...signups.map((s) => s.count));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / signups.length;
  const total = signups.reduce((sum, s) => sum + s.count, 0);
  const day = (d: Date) => d.toISOString().slice(5, 10);
  return (
    <figure>
      <svg
        class="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="chart-title"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id="chart-title">{`Sign-ups per day, last ${signups.length} days: ${total} in all, at most ${max} a day`}</title>
        <line x1={PAD.left} y1={PAD.top + plotH} x2={W - PAD.right} y2={PAD.top + plotH} stroke="#8c959f" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={PAD.top + plotH} stroke="#8c959f" />
        <text x={PAD.left - 6} y={PAD.top + 10} text-anchor="end" font-size="11" fill="#57606a">
          {max}
        </text>
        <text x={PAD.left - 6} y={PAD.top + plotH} text-anchor="end" font-size="11" fill="#57606a">
          0
        </text>
        {signups.map((s, i) => {
          const h = (s.count / max) * plotH;
          const x = PAD.left + i * slot + 1;
          return (
            <rect
              x={x.toFixed(1)}
              y={(PAD.top + plotH - h).toFixed(1)}
              width={Math.max(1, slot - 2).toFixed(1)}
              height={h.toFixed(1)}
              fill="#0969da"
            >
              <title>{`${day(s.day)}: ${s.count}`}</title>
            </rect>
          );
        })}
        {signups.map((s, i) =>
          i % 5 === 0 || i === signups.length - 1 ? (
            <text
              x={(PAD.left + i * slot + slot / 2).toFixed(1)}
              y={H - 8}
              text-anchor="middle"
              font-size="11"
              fill="#57606a"
            >
              {day(s.day)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption class="muted">Sign-ups per day (UTC), last {signups.length} days.</figcaption>
    </figure>
  );
}

export const dashboardRoutes = new Hono<AppEnv>();

dashboardRoutes.get("/admin/", requirePanelAdmin, async (c) => {
  const { viewer, csrf } = panelOf(c);
  const d = await dashboardCounts(ctxOf(c));
  const cards: [string, number, string?][] = [
    ["Active users", d.usersActive, "/admin/users/?state=active"],
    ["Banned users", d.usersBanned, "/admin/users/?state=banned"],
    ["Joined today", d.joinedToday],
    ["Joined this week", d.joinedThisWeek],
    ["Posts", d.posts, "/admin/content/?kind=post"],
    ["Reels", d.reels, "/admin/content/?kind=reel"],
    ["Videos", d.videos, "/admin/content/?kind=video"],
    ["Pending applications", d.pendingApplications, "/admin/applications/"],
    ["Open reports", d.openReports, "/admin/reports/"],
  ];
  return page(
    c,
    "Dashboard",
    { viewer, csrf, current: "/admin/" },
    <>
      <h1>Dashboard</h1>
      <ul class="cards">
        {cards.map(([label, n, href]) => (
          <li>
            <span class="n">{n}</span>
            {href ? <a href={href}>{label}</a> : label}
          </li>
        ))}
      </ul>
      <h2>Sign-ups</h2>
      <SignupChart signups={d.signups} />
      <details>
        <summary>Sign-ups as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Sign-ups</th>
            </tr>
          </thead>
          <tbody>
            {d.signups.map((s) => (
              <tr>
                <td>{s.day.toISOString().slice(0, 10)}</td>
                <td>{s.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>,
  );
});
