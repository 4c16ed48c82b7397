// seed 004 §9 Notifications, and their live delivery (DESIGN.md, Storage roles): GET /api/notifications/stream.
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { viewerFromAccessToken } from "../../domain/auth/resolve-viewer";
import { DomainError } from "../../domain/errors";
import { listNotifications } from "../../domain/notifications/list-notifications";
import { markAllNotificationsRead, markNotificationRead } from "../../domain/notifications/mark-read";
import { getPreferences, updatePreferences } from "../../domain/notifications/preferences";
import type { AppEnv } from "../../env";
import { authenticated, getViewer, requireViewer } from "../../http/credentials";
import { isCrossSite } from "../../http/csrf";
import { doc } from "../../http/openapi";
import { validate } from "../../http/validator";
import { connectToHub } from "../../realtime/hub-client";
import { preferencesPatchBody, streamQuery } from "./notification-schemas";
import { toTwimbolNotification, toTwimbolPreferences } from "./notification-serializers";

const TAG = "twimbol";
const AUTH = { 401: "Not authenticated" };

export const notificationsApp = new Hono<AppEnv>();

/**
 * The stream authenticates like any route (header, then cookie). Browsers cannot set
 * headers on a WebSocket, so `?token=<access>` is the last resort; errors log the path
 * only, never the query. A cookie socket opened by another site's page is refused, as
 * a cross-site write would be (cross-site WebSocket hijacking).
 */
const streamAuthenticated = createMiddleware<AppEnv>(async (c, next) => {
  let viewer = await getViewer(c);
  if (!viewer) {
    const token = c.req.query("token");
    viewer = token ? await viewerFromAccessToken(c.var.deps, token) : null;
    if (!viewer) throw new DomainError("UNAUTHENTICATED");
    c.set("viewer", viewer);
  }
  if (viewer.via === "cookie" && isCrossSite(c.req.raw, c.var.deps.config.csrfTrustedOrigins)) throw new DomainError("CSRF");
  await next();
});

notificationsApp.get(
  "/api/notifications/",
  doc({ tag: TAG, summary: "The newest 100 notifications the user's preferences let through, newest first", auth: true, responses: { 200: "Notifications", ...AUTH } }),
  authenticated,
  async (c) => {
    const viewer = await requireViewer(c);
    const rows = await listNotifications(c.var.deps, viewer.user.id);
    return c.json(rows.map(toTwimbolNotification));
  },
);

notificationsApp.post(
  "/api/notifications/mark-all-read/",
  doc({ tag: TAG, summary: "Mark every notification read", auth: true, responses: { 200: "N notifications marked as read", ...AUTH } }),
  authenticated,
  async (c) => {
    const viewer = await requireViewer(c);
    const n = await markAllNotificationsRead(c.var.deps, viewer.user.id);
    return c.json({ status: `${n} notifications marked as read` });
  },
);

notificationsApp.post(
  "/api/notifications/:id{[0-9]+}/mark-read/",
  doc({ tag: TAG, summary: "Mark one notification read", auth: true, responses: { 200: "notification marked as read", ...AUTH, 404: "Not yours or unknown" } }),
  authenticated,
  async (c) => {
    const viewer = await requireViewer(c);
    await markNotificationRead(c.var.deps, viewer.user.id, Number(c.req.param("id")));
    return c.json({ status: "notification marked as read" });
  },
);

notificationsApp.get(
  "/api/notifications/preferences/",
  doc({ tag: TAG, summary: "Notification preferences (created with every flag on at first read)", auth: true, responses: { 200: "Preferences", ...AUTH } }),
  authenticated,
  async (c) => {
    const viewer = await requireViewer(c);
    return c.json(toTwimbolPreferences(await getPreferences(c.var.deps, viewer.user.id)));
  },
);

notificationsApp.patch(
  "/api/notifications/preferences/",
  doc({
    tag: TAG,
    summary: "Update notification preferences; all_notifications=false turns every flag off",
    auth: true,
    json: preferencesPatchBody,
    responses: { 200: "The updated preferences", 400: "Field errors", ...AUTH },
  }),
  authenticated,
  validate("json", preferencesPatchBody),
  async (c) => {
    const viewer = await requireViewer(c);
    const body = c.req.valid("json");
    const prefs = await updatePreferences(c.var.deps, viewer.user.id, {
      allNotifications: body.all_notifications,
      emailNotifications: body.email_notifications,
      pushNotifications: body.push_notifications,
      followNotifications: body.follow_notifications,
      likesNotifications: body.likes_notifications,
      commentsNotifications: body.comments_notifications,
      newEventsNotifications: body.new_events_notifications,
      eventRemindersNotifications: body.event_reminders_notifications,
    });
    return c.json(toTwimbolPreferences(prefs));
  },
);

notificationsApp.get(
  "/api/notifications/stream",
  doc({
    tag: TAG,
    summary: 'WebSocket of live frames: {"event":"notification","payload":{…}}, {"event":"unread","count":n}; ?since=<id> replays missed ones',
    auth: true,
    query: streamQuery,
    responses: { 101: "Switching Protocols", 400: "Bad since", ...AUTH, 403: "Cookie socket from another site", 426: "Not a WebSocket upgrade" },
  }),
  streamAuthenticated,
  validate("query", streamQuery),
  async (c) => {
    const viewer = await requireViewer(c);
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") return c.json({ detail: "Expected a WebSocket upgrade." }, 426);
    return connectToHub(c.env.USER_HUB, { userId: viewer.user.id, sessionId: viewer.sessionId, since: c.req.valid("query").since });
  },
);
