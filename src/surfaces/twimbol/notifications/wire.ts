import * as z from "zod";
import { secret } from "../../shared/text";

const flag = z.boolean().optional();

/** Every field optional; `user` and unknown fields are ignored, as DRF ignores read-only and unknown input. */
export const preferencesPatchBody = z.object({
  all_notifications: flag,
  email_notifications: flag,
  push_notifications: flag,
  follow_notifications: flag,
  likes_notifications: flag,
  comments_notifications: flag,
  new_events_notifications: flag,
  event_reminders_notifications: flag,
});

const INVALID_INT = "A valid integer is required.";

export const streamQuery = z.object({
  /** Replay what this device missed: notifications with a greater id. */
  since: z
    .string()
    .regex(/^[0-9]{1,15}$/, INVALID_INT)
    .transform(Number)
    .optional(),
  /** Last resort for browsers, which cannot set headers on a WebSocket; prefer the header or the cookie. */
  token: secret().max(4096).optional(),
});
