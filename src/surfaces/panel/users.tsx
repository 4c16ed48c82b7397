// /admin/users/ and /admin/users/{id}/ with one form per action (issue 14). Every action is a verb the JSON admin API calls too.
import type { Context } from "hono";
import { Hono } from "hono";
import { adminUpdateUser, KNOWN_GROUPS, type AdminUserPatch } from "../../domain/admin/update-user";
import { adminDeleteUser, adminEndSessions, adminUnlockUser } from "../../domain/admin/user-actions";
import { adminResetTwoFactor } from "../../domain/auth/two-factor/manage";
import {
  adminUserDetail,
  listUsers,
  USER_SORTS,
  USER_STATES,
  type UserFilter,
  type UserSort,
} from "../../domain/admin/user-queries";
import { APPLICATION_STATUS } from "../../domain/creators/applications";
import { DomainError } from "../../domain/errors";
import { pageOrThrow } from "../../domain/lists/page";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { originOf } from "../admin/admin-only";
import { adminUserPatchBody } from "../admin/schemas";
import { ActionMenu, USER_ACTIONS } from "./bulk";
import { ActionButton, Csrf, page, Pager, SortableTh, when } from "./layout";
import { panelOf, requirePanelAdmin } from "./session";

export const pageParam = (raw: string | undefined) => (raw && /^[0-9]{1,9}$/.test(raw) ? Number(raw) : 1);
const idParam = (c: Context<AppEnv>) => Number(c.req.param("id"));

const STATE_LABEL = { active: "Active", inactive: "Inactive", banned: "Banned" } as const;
const stateOf = (u: { isActive: boolean; isBanned: boolean }) =>
  u.isBanned ? "banned" : u.isActive ? "active" : "inactive";

/** What a redirect after an action says on the next page, by a fixed key: no text travels in the URL. */
const DONE: Record<string, string> = {
  saved: "Changes saved.",
  ban: "User banned: every session and token ended.",
  unban: "User unbanned.",
  deactivate: "User deactivated: every session and token ended.",
  activate: "User activated.",
  unlock: "Login lockout cleared.",
  "end-sessions": "Every session and token of the user ended.",
  "reset-2fa":
    "Two-factor authentication reset: the user signs in with the password alone and may enrol again.",
  deleted: "User deleted.",
  password: "Password set: every session and token of the user ended.",
};

export function Done({ c }: { c: Context<AppEnv> }) {
  const key = c.req.query("done") ?? "";
  const message = Object.hasOwn(DONE, key) ? DONE[key] : undefined;
  return message ? (
    <p class="status" role="status">
      {message}
    </p>
  ) : null;
}

export const userRoutes = new Hono<AppEnv>();

userRoutes.get("/admin/users/", requirePanelAdmin, async (c) => {
  const { viewer, csrf } = panelOf(c);
  const q = (c.req.query("q") ?? "").slice(0, 100);
  const state = USER_STATES.find((s) => s === c.req.query("state"));
  const group = KNOWN_GROUPS.find((g) => g === c.req.query("group"));
  // Only the unfiltered list sorts: a filter has no index in every order (see USER_SORTS).
  const sortable = !q.trim() && !state && !group;
  const sort = sortable
    ? (Object.keys(USER_SORTS) as UserSort[]).find((k) => k === c.req.query("sort"))
    : undefined;
  const filter: UserFilter = { q, state, group, sort, page: pageParam(c.req.query("page")) };
  const result = pageOrThrow(await listUsers(ctxOf(c), filter));
  const href = (n: number) =>
    `/admin/users/?${new URLSearchParams({ q, state: state ?? "", group: group ?? "", ...(sort ? { sort } : {}), page: String(n) })}`;
  const sortHref = (by: string) => `/admin/users/?${new URLSearchParams({ sort: by })}`;
  const Th = ({ label, name }: { label: string; name?: string }) =>
    sortable && name ? (
      <SortableTh label={label} name={name} current={sort ?? "-joined"} href={sortHref} />
    ) : (
      <th scope="col">{label}</th>
    );
  return page(
    c,
    "Users",
    { viewer, csrf, current: "/admin/users/" },
    <>
      <h1>Users</h1>
      <Done c={c} />
      <form method="get" action="/admin/users/" class="filters" role="search">
        <div class="field">
          <label for="q">Username or email</label>
          <input type="search" id="q" name="q" value={q} />
        </div>
        <div class="field">
          <label for="state">State</label>
          <select id="state" name="state">
            <option value="">Any</option>
            {USER_STATES.map((s) => (
              <option value={s} selected={s === state}>
                {STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="group">Group</label>
          <select id="group" name="group">
            <option value="">Any</option>
            {KNOWN_GROUPS.map((g) => (
              <option value={g} selected={g === group}>
                {g}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      <p class="muted">
        {result.count} user{result.count === 1 ? "" : "s"}
      </p>
      {sortable ? null : <p class="muted">Clear the filters to sort by a column.</p>}
      <form method="post" action="/admin/users/bulk/">
        <Csrf token={csrf} />
        <ActionMenu actions={USER_ACTIONS} noun="users" />
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Select</span>
                </th>
                <Th label="Username" name="username" />
                <Th label="Email" />
                <Th label="Groups" />
                <Th label="State" />
                <Th label="Score" name="score" />
                <Th label="Joined" name="joined" />
              </tr>
            </thead>
            <tbody>
              {result.rows.map(({ user, groups }) => (
                <tr>
                  <td data-label="Select">
                    <input
                      type="checkbox"
                      name="ids"
                      value={String(user.id)}
                      aria-label={`Select ${user.username}`}
                    />
                  </td>
                  <td data-label="Username">
                    <a href={`/admin/users/${user.id}/`}>{user.username}</a>
                  </td>
                  <td data-label="Email">{user.email ?? ""}</td>
                  <td data-label="Groups">{groups.join(", ")}</td>
                  <td data-label="State">
                    <span class={stateOf(user) === "active" ? "tag" : "tag bad"}>
                      {STATE_LABEL[stateOf(user)]}
                    </span>
                  </td>
                  <td data-label="Score">{user.score}</td>
                  <td data-label="Joined">{when(user.dateJoined)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </form>
      <Pager page={result.page} totalPages={result.totalPages} href={href} />
    </>,
  );
});

const FLAGS = [
  ["is_featured", "isFeatured", "Featured"],
  ["is_editor", "isEditor", "Editor"],
  ["is_manager", "isManager", "Manager"],
  ["advancedUser", "advancedUser", "Advanced user"],
] as const;

userRoutes.get("/admin/users/:id{[0-9]+}/", requirePanelAdmin, async (c) => {
  const { viewer, csrf } = panelOf(c);
  const id = idParam(c);
  const { user, groups, liveSessions, applications } = await adminUserDetail(ctxOf(c), { userId: id });
  const base = `/admin/users/${id}`;
  const locked = user.lockedUntil && user.lockedUntil.getTime() > Date.now();
  const profile: [string, string][] = [
    ["Id", String(user.id)],
    ["Username", user.username],
    ["Email", user.email ?? ""],
    ["Email verified", user.emailIsVerified ? "yes" : "no"],
    ["First name", user.firstName],
    ["Last name", user.lastName],
    ["Display name", user.displayName],
    ["Bio", user.bio],
    ["Phone", user.phone],
    ["Address", user.address],
    ["Location", user.location],
    ["Home page", user.homePage],
    ["Facebook", user.socialFacebook],
    ["Twitter", user.socialTwitter],
    ["YouTube", user.socialYoutube],
    ["Social links", user.socialLinks],
    ["User type", user.userType],
    ["Birthday", user.birthday ?? ""],
    ["Avatar", user.avatarKey ?? "default"],
    ["Banner", user.bannerKey ?? "none"],
    ["Joined", when(user.dateJoined)],
    ["Last login", when(user.lastLogin)],
    ["Profile switched on (Twimbol user_status)", user.userStatus ? "yes" : "no"],
  ];
  return page(
    c,
    user.username,
    { viewer, csrf, current: "/admin/users/" },
    <>
      <p>
        <a href="/admin/users/">← Users</a>
      </p>
      <h1>{user.username}</h1>
      <Done c={c} />
      <p>
        <span class={stateOf(user) === "active" ? "tag" : "tag bad"}>{STATE_LABEL[stateOf(user)]}</span>
        {groups.map((g) => (
          <span class="tag">{g}</span>
        ))}
        {locked ? <span class="tag bad">Login locked until {when(user.lockedUntil)}</span> : null}
      </p>

      <h2 id="actions">Actions</h2>
      <div class="actions" aria-labelledby="actions">
        {user.isBanned ? (
          <ActionButton action={`${base}/unban/`} csrf={csrf} label="Unban" />
        ) : (
          <a class="button" href={`${base}/ban/`}>
            Ban…
          </a>
        )}
        {user.isActive ? (
          <a class="button" href={`${base}/deactivate/`}>
            Deactivate…
          </a>
        ) : (
          <ActionButton action={`${base}/activate/`} csrf={csrf} label="Activate" />
        )}
        <ActionButton
          action={`${base}/unlock/`}
          csrf={csrf}
          label={`Unlock login (${user.failedLogins} failed)`}
        />
        <ActionButton
          action={`${base}/end-sessions/`}
          csrf={csrf}
          label={`End all sessions (${liveSessions})`}
        />
        <a class="button" href={`${base}/reset-2fa/`}>
          Reset two-factor…
        </a>
        <a class="button" href={`${base}/delete/`}>
          Delete…
        </a>
        <a class="button" href={`${base}/edit/`}>
          Edit profile…
        </a>
        {viewer.user.id === id ? null : (
          <a class="button" href={`${base}/password/`}>
            Set password…
          </a>
        )}
      </div>

      <h2>Score, groups and flags</h2>
      <form method="post" action={`${base}/save/`}>
        <Csrf token={csrf} />
        <div class="field">
          <label for="score">Score</label>
          <input
            type="number"
            id="score"
            name="score"
            min="0"
            max="2000000000"
            value={String(user.score)}
            required
          />
        </div>
        <fieldset class="checks">
          <legend>Groups</legend>
          {KNOWN_GROUPS.map((g) => (
            <label>
              <input type="checkbox" name="groups" value={g} checked={groups.includes(g)} /> {g}
            </label>
          ))}
        </fieldset>
        <fieldset class="checks">
          <legend>Flags</legend>
          {FLAGS.map(([name, key, label]) => (
            <label>
              <input type="checkbox" name={name} value="on" checked={user[key]} /> {label} (
              <code>{name}</code>)
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary">
          Save
        </button>
      </form>

      <h2>Profile</h2>
      <dl class="fields">
        {profile.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v || "—"}</dd>
          </>
        ))}
        <dt>
          <code>is_active</code>
        </dt>
        <dd>{String(user.isActive)}</dd>
        <dt>
          <code>is_banned</code>
        </dt>
        <dd>{String(user.isBanned)}</dd>
        {FLAGS.map(([name, key]) => (
          <>
            <dt>
              <code>{name}</code>
            </dt>
            <dd>{String(user[key])}</dd>
          </>
        ))}
        <dt>Failed logins</dt>
        <dd>{user.failedLogins}</dd>
        <dt>Live sessions</dt>
        <dd>{liveSessions}</dd>
      </dl>

      <h2>Creator applications</h2>
      {applications.length ? (
        <ul>
          {applications.map((a) => (
            <li>
              #{a.id}:{" "}
              {a.status === APPLICATION_STATUS.pending
                ? "pending"
                : a.status === APPLICATION_STATUS.approved
                  ? "approved"
                  : "rejected"}
              , filed {when(a.createdAt)}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">None.</p>
      )}
    </>,
  );
});

userRoutes.post("/admin/users/:id{[0-9]+}/save/", requirePanelAdmin, async (c) => {
  const { form } = panelOf(c);
  const id = idParam(c);
  // The JSON API's own schema: the panel and the API refuse the same values.
  const parsed = adminUserPatchBody.safeParse({
    score: /^[0-9]{1,10}$/.test(String(form.get("score") ?? ""))
      ? Number(form.get("score"))
      : form.get("score"),
    groups: form.getAll("groups").map(String),
    ...Object.fromEntries(FLAGS.map(([name]) => [name, form.get(name) === "on"])),
  });
  if (!parsed.success) throw new DomainError("BAD_REQUEST", "malformed_body");
  const b = parsed.data;
  const patch: AdminUserPatch = {
    score: b.score,
    groups: b.groups,
    isFeatured: b.is_featured,
    isEditor: b.is_editor,
    isManager: b.is_manager,
    advancedUser: b.advancedUser,
  };
  await adminUpdateUser(ctxOf(c), { userId: id, patch, origin: originOf(c) });
  return c.redirect(`/admin/users/${id}/?done=saved`, 303);
});

const FLAG_ACTIONS: Record<string, AdminUserPatch> = {
  ban: { isBanned: true },
  unban: { isBanned: false },
  deactivate: { isActive: false },
  activate: { isActive: true },
};

for (const [action, patch] of Object.entries(FLAG_ACTIONS)) {
  userRoutes.post(`/admin/users/:id{[0-9]+}/${action}/`, requirePanelAdmin, async (c) => {
    const id = idParam(c);
    await adminUpdateUser(ctxOf(c), { userId: id, patch, origin: originOf(c) });
    return c.redirect(`/admin/users/${id}/?done=${action}`, 303);
  });
}

for (const [action, verb] of [
  ["unlock", adminUnlockUser],
  ["end-sessions", adminEndSessions],
  ["reset-2fa", adminResetTwoFactor],
] as const) {
  userRoutes.post(`/admin/users/:id{[0-9]+}/${action}/`, requirePanelAdmin, async (c) => {
    const id = idParam(c);
    await verb(ctxOf(c), { userId: id, origin: originOf(c) });
    return c.redirect(`/admin/users/${id}/?done=${action}`, 303);
  });
}

/** The second page of each destructive action: what it does, and the one form that does it. */
const CONFIRM: Record<string, { verb: string; says: string }> = {
  ban: {
    verb: "Ban",
    says: "A banned user is signed out everywhere at once (every session and token ends) and cannot sign in until unbanned.",
  },
  deactivate: {
    verb: "Deactivate",
    says: "A deactivated user is signed out everywhere at once (every session and token ends) and cannot sign in until activated.",
  },
  "reset-2fa": {
    verb: "Reset two-factor of",
    says: "Their authenticator secret and recovery codes are removed, so they sign in with the password alone until they enrol again. They are told by email. Do this only once you are sure who asked.",
  },
  delete: {
    verb: "Delete",
    says: "This deletes the account and everything it owns (posts, comments, follows, notifications). It cannot be undone. To keep the data, deactivate or ban instead.",
  },
};

for (const [action, { verb, says }] of Object.entries(CONFIRM)) {
  userRoutes.get(`/admin/users/:id{[0-9]+}/${action}/`, requirePanelAdmin, async (c) => {
    const { viewer, csrf } = panelOf(c);
    const id = idParam(c);
    const { user } = await adminUserDetail(ctxOf(c), { userId: id });
    return page(
      c,
      `${verb} ${user.username}`,
      { viewer, csrf, current: "/admin/users/" },
      <>
        <h1>
          {verb} {user.username}?
        </h1>
        <p>{says}</p>
        <div class="actions">
          <ActionButton
            action={`/admin/users/${id}/${action}/`}
            csrf={csrf}
            label={`Yes, ${verb.toLowerCase()} ${user.username}`}
            danger
          />
          <a class="button" href={`/admin/users/${id}/`}>
            Cancel
          </a>
        </div>
      </>,
    );
  });
}

userRoutes.post("/admin/users/:id{[0-9]+}/delete/", requirePanelAdmin, async (c) => {
  await adminDeleteUser(ctxOf(c), { userId: idParam(c), origin: originOf(c) });
  return c.redirect("/admin/users/?done=deleted", 303);
});
