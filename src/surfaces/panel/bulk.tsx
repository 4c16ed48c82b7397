// Bulk actions on the users and content lists (issue 25), as Django admin's action menu: the list's
// checkboxes and menu post here; a second page names what will be affected and asks; its "yes" runs the
// single action on each in turn, with its own rules and audit row, and a third page says what happened to each.
import type { Context } from "hono";
import { Hono } from "hono";
import { adminRemovePost } from "../../domain/admin/moderation";
import { BULK_MAX, eachOf, postsNamed, usersNamed, type BulkOutcome } from "../../domain/admin/bulk";
import { adminUpdateUser } from "../../domain/admin/update-user";
import { adminDeleteUser, adminEndSessions } from "../../domain/admin/user-actions";
import type { Ctx } from "../../domain/context";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { originOf } from "../admin/admin-only";
import { Csrf, page } from "./layout";
import { panelEnvelope } from "./envelope";
import { panelOf, requirePanelAdmin } from "./session";

interface BulkAction {
  /** The menu's wording, and the question's verb. */
  label: string;
  verb: string;
  says: string;
  run: (ctx: Ctx, id: number, origin: ReturnType<typeof originOf>) => Promise<unknown>;
}

const SIGNS_OUT = "Each is signed out everywhere at once (every session and token ends).";

export const USER_ACTIONS: Record<string, BulkAction> = {
  ban: {
    label: "Ban selected users",
    verb: "Ban",
    says: `${SIGNS_OUT} They cannot sign in until unbanned.`,
    run: (ctx, userId, origin) => adminUpdateUser(ctx, { userId, patch: { isBanned: true }, origin }),
  },
  unban: {
    label: "Unban selected users",
    verb: "Unban",
    says: "They may sign in again (unless deactivated).",
    run: (ctx, userId, origin) => adminUpdateUser(ctx, { userId, patch: { isBanned: false }, origin }),
  },
  deactivate: {
    label: "Deactivate selected users",
    verb: "Deactivate",
    says: `${SIGNS_OUT} They cannot sign in until activated.`,
    run: (ctx, userId, origin) => adminUpdateUser(ctx, { userId, patch: { isActive: false }, origin }),
  },
  activate: {
    label: "Activate selected users",
    verb: "Activate",
    says: "They may sign in again (unless banned).",
    run: (ctx, userId, origin) => adminUpdateUser(ctx, { userId, patch: { isActive: true }, origin }),
  },
  "end-sessions": {
    label: "End all sessions of selected users",
    verb: "End every session of",
    says: SIGNS_OUT,
    run: (ctx, userId, origin) => adminEndSessions(ctx, { userId, origin }),
  },
  delete: {
    label: "Delete selected users",
    verb: "Delete",
    says: "This deletes each account and everything it owns (posts, comments, follows, notifications). It cannot be undone. To keep the data, deactivate or ban instead.",
    run: (ctx, userId, origin) => adminDeleteUser(ctx, { userId, origin }),
  },
};

export const CONTENT_ACTIONS: Record<string, BulkAction> = {
  remove: {
    label: "Remove selected items",
    verb: "Remove",
    says: "This deletes each item with its likes, hides, reports and comments. It cannot be undone.",
    run: (ctx, postId, origin) => adminRemovePost(ctx, { postId, origin }),
  },
};

/** The action menu and its button, shown above a list whose rows carry `ids` checkboxes. */
export function ActionMenu({ actions, noun }: { actions: Record<string, BulkAction>; noun: string }) {
  return (
    <div class="bulk">
      <label for="bulk-action">Action on the selected {noun}</label>
      <select id="bulk-action" name="action" required>
        <option value="">Choose…</option>
        {Object.entries(actions).map(([key, a]) => (
          <option value={key}>{a.label}</option>
        ))}
      </select>
      <button type="submit">Go…</button>
      <span class="muted">(at most {BULK_MAX}; the next page asks first)</span>
    </div>
  );
}

/** A page saying why the request was refused, with nothing changed. */
function refused(c: Context<AppEnv>, back: string, title: string, message: string) {
  const { viewer, csrf } = panelOf(c);
  return page(
    c,
    title,
    { viewer, csrf },
    <>
      <h1>{title}</h1>
      <p class="error" role="alert">
        {message} Nothing was changed.
      </p>
      <p>
        <a href={back}>← Back to the list</a>
      </p>
    </>,
    400,
  );
}

interface Kind {
  noun: string;
  back: string;
  path: string;
  actions: Record<string, BulkAction>;
  named: (ctx: Ctx, ids: readonly number[]) => Promise<Map<number, string>>;
  link: (id: number) => string;
}

const KINDS: Kind[] = [
  {
    noun: "users",
    back: "/admin/users/",
    path: "/admin/users/bulk/",
    actions: USER_ACTIONS,
    named: usersNamed,
    link: (id) => `/admin/users/${id}/`,
  },
  {
    noun: "items",
    back: "/admin/content/",
    path: "/admin/content/bulk/",
    actions: CONTENT_ACTIONS,
    named: async (ctx, ids) =>
      new Map(
        [...(await postsNamed(ctx, ids))].map(([id, p]) => [
          id,
          `#${id} ${p.title || "(untitled)"} (${p.postType})`,
        ]),
      ),
    link: () => "/admin/content/",
  },
];

export const bulkRoutes = new Hono<AppEnv>();

for (const kind of KINDS) {
  bulkRoutes.post(kind.path, requirePanelAdmin, async (c) => {
    const { viewer, csrf, form } = panelOf(c);
    const key = form.get("action");
    const action =
      typeof key === "string" && Object.hasOwn(kind.actions, key) ? kind.actions[key]! : undefined;
    if (!action)
      return refused(
        c,
        kind.back,
        "Choose an action",
        `Choose an action from the menu for the selected ${kind.noun}.`,
      );
    const raw = form.getAll("ids");
    if (!raw.every((v) => typeof v === "string" && /^[0-9]{1,15}$/.test(v)))
      return refused(c, kind.back, "Bad selection", `The selected ${kind.noun} could not be read.`);
    const ids = [...new Set(raw.map(Number))];
    if (!ids.length)
      return refused(
        c,
        kind.back,
        "Nothing selected",
        `Select at least one of the ${kind.noun} with its checkbox.`,
      );
    if (ids.length > BULK_MAX)
      return refused(
        c,
        kind.back,
        "Too many selected",
        `Select at most ${BULK_MAX} ${kind.noun} at a time (${ids.length} were selected).`,
      );
    const ctx = ctxOf(c);
    const names = await kind.named(ctx, ids);
    const label = (id: number) => names.get(id) ?? `#${id} (not found)`;

    if (form.get("confirm") !== "yes") {
      const found = ids.filter((id) => names.has(id));
      return page(
        c,
        `${action.verb} ${ids.length} ${kind.noun}`,
        { viewer, csrf, current: kind.back },
        <>
          <h1>
            {action.verb} {found.length} {kind.noun}?
          </h1>
          <p>{action.says}</p>
          <p>
            Each is done on its own, with the same rules as one at a time: one a rule refuses (your own
            account, the last admin) is left as it is and reported.
          </p>
          <ul class="affected">
            {ids.map((id) => (
              <li>
                {names.has(id) ? (
                  <a href={kind.link(id)}>{label(id)}</a>
                ) : (
                  <span class="muted">{label(id)}: skipped</span>
                )}
              </li>
            ))}
          </ul>
          <div class="actions">
            <form method="post" action={kind.path} class="inline">
              <Csrf token={csrf} />
              <input type="hidden" name="action" value={key as string} />
              <input type="hidden" name="confirm" value="yes" />
              {found.map((id) => (
                <input type="hidden" name="ids" value={String(id)} />
              ))}
              <button type="submit" class="danger" disabled={!found.length}>
                Yes, {action.verb.toLowerCase()} {found.length} {kind.noun}
              </button>
            </form>
            <a class="button" href={kind.back}>
              Cancel
            </a>
          </div>
        </>,
      );
    }

    const outcomes: BulkOutcome[] = await eachOf(ctx, ids, (id) => action.run(ctx, id, originOf(c)));
    const done = outcomes.filter((o) => o.done).length;
    return page(
      c,
      `${action.verb}: ${done} of ${ids.length}`,
      { viewer, csrf, current: kind.back },
      <>
        <h1>
          {action.verb}: done for {done} of {ids.length} {kind.noun}
        </h1>
        <p class={done === ids.length ? "status" : "error"} role="status">
          {done === ids.length ? `All ${done} done.` : `${ids.length - done} refused; the others were done.`}
        </p>
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{kind.noun === "users" ? "User" : "Item"}</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.map((o) => (
                <tr>
                  <td data-label="Which">{label(o.id)}</td>
                  <td data-label="Outcome">
                    {o.done ? (
                      <span class="tag">Done</span>
                    ) : (
                      <span class="tag bad">
                        Refused: {(panelEnvelope.fromDomain(o.refusal).body as { message: string }).message}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <a href={kind.back}>← Back to the list</a>
        </p>
      </>,
    );
  });
}
