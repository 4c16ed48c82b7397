// The JSON admin API answers as plain DRF does, but for its refusals of its own.
import { ADMIN_SELF, drfEnvelope, LAST_ADMIN } from "../shared/drf-envelope";

/** The entities whose reasons the admin API's routes (users, applications, moderation, 2FA resets) can raise. */
const ADMIN_RAISES = ["request", "auth", "twoFactor", "users", "lists", "mail", "creators", "posts"] as const;

export const adminEnvelope = drfEnvelope(ADMIN_RAISES, { last_admin: LAST_ADMIN, admin_self: ADMIN_SELF });
