// seed 004 §9 Notifications, and their live delivery (DESIGN.md, Storage roles): GET /api/notifications/stream.
import { Hono } from "hono";
import { listNotifications } from "../../../domain/notifications/list-notifications";
import { markAllNotificationsRead, markNotificationRead } from "../../../domain/notifications/mark-read";
import { getPreferences, updatePreferences } from "../../../domain/notifications/preferences";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { selectStreamProtocol, streamViewer } from "../../../http/stream-viewer";
import { connectToHub } from "../../../realtime/hub-client";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfDetail, drfError } from "../error-schemas";
import { preferencesPatchBody, streamQuery } from "./wire";
import { toTwimbolNotification, toTwimbolPreferences, twimbolLive } from "./serializers";
import { notificationsBody, preferencesBody, statusBody } from "../response-schemas";

const AUTH = { 401: DRF_UNAUTHENTICATED };
const status = (description: string) => ({ description, schema: statusBody });

export const notificationsApp = new Hono<AppEnv>();

notificationsApp.get(
  "/api/notifications/",
  route({
    summary: "The newest 100 notifications the user's preferences let through, newest first",
    auth: true,
    responses: { 200: { description: "Notifications", schema: notificationsBody }, ...AUTH },
  }),
  async (c) => {
    const rows = await listNotifications(ctxOf(c));
    return c.json(rows.map(toTwimbolNotification));
  },
);

notificationsApp.post(
  "/api/notifications/mark-all-read/",
  route({
    summary: "Mark every notification read",
    auth: true,
    responses: { 200: status("N notifications marked as read"), ...AUTH },
  }),
  async (c) => {
    const n = await markAllNotificationsRead(ctxOf(c));
    return c.json({ status: `${n} notifications marked as read` });
  },
);

notificationsApp.post(
  "/api/notifications/:id{[0-9]+}/mark-read/",
  route({
    summary: "Mark one notification read",
    auth: true,
    responses: { 200: status("notification marked as read"), ...AUTH, 404: drfError("Not yours or unknown") },
  }),
  async (c) => {
    await markNotificationRead(ctxOf(c), { id: Number(c.req.param("id")) });
    return c.json({ status: "notification marked as read" });
  },
);

notificationsApp.get(
  "/api/notifications/preferences/",
  route({
    summary: "Notification preferences (created with every flag on at first read)",
    auth: true,
    responses: { 200: { description: "Preferences", schema: preferencesBody }, ...AUTH },
  }),
  async (c) => {
    return c.json(toTwimbolPreferences(await getPreferences(ctxOf(c))));
  },
);

notificationsApp.patch(
  "/api/notifications/preferences/",
  route({
    summary: "Update notification preferences; all_notifications=false turns every flag off",
    auth: true,
    json: preferencesPatchBody,
    responses: {
      200: { description: "The updated preferences", schema: preferencesBody },
      400: drfError("Field errors", drfBadRequest),
      ...AUTH,
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const prefs = await updatePreferences(ctxOf(c), {
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
  route({
    summary:
      'WebSocket of live frames: {"event":"notification","payload":{…}}, {"event":"unread","count":n}; ?since=<id> replays missed ones',
    auth: streamViewer,
    query: streamQuery,
    responses: {
      101: { description: "Switching Protocols" },
      400: drfError("Bad since", drfBadRequest),
      ...AUTH,
      403: drfError("Cookie socket from another site"),
      426: drfError("Not a WebSocket upgrade", drfDetail),
    },
  }),
  async (c) => {
    const viewer = c.var.viewer;
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
      return c.json({ detail: "Expected a WebSocket upgrade." }, 426);
    return selectStreamProtocol(
      c.req.raw,
      await connectToHub(c.env.USER_HUB, {
        words: twimbolLive,
        userId: viewer.user.id,
        sessionId: viewer.sessionId,
        since: c.req.valid("query").since,
      }),
    );
  },
);
