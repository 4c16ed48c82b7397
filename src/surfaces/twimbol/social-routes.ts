// seed 004 §12 Follow & Block: toggles.
import { Hono } from "hono";
import { toggleBlock } from "../../domain/follows/toggle-block";
import { toggleFollow } from "../../domain/follows/toggle-follow";
import type { AppEnv } from "../../env";
import { authenticated, requireViewer } from "../../http/credentials";
import { doc } from "../../http/openapi";
import { validate } from "../../http/validator";
import { targetUserBody } from "./schemas";

const TAG = "twimbol";
const RESPONSES = { 200: "Toggled", 400: "Yourself / field errors", 401: "Not authenticated", 404: "User not found." };
export const socialRoutes = new Hono<AppEnv>();

socialRoutes.post(
  "/user/profile/follow/",
  doc({ tag: TAG, summary: "Follow or unfollow a user", auth: true, json: targetUserBody, responses: RESPONSES }),
  authenticated,
  validate("json", targetUserBody),
  async (c) => {
    const viewer = await requireViewer(c);
    const { following, target } = await toggleFollow(c.var.deps, viewer, c.req.valid("json").user_id);
    return c.json({ detail: `Successfully ${following ? "followed" : "unfollowed"} ${target.username}.` });
  },
);

socialRoutes.post(
  "/user/profile/block/",
  doc({ tag: TAG, summary: "Block or unblock a user (blocking removes follows both ways)", auth: true, json: targetUserBody, responses: RESPONSES }),
  authenticated,
  validate("json", targetUserBody),
  async (c) => {
    const viewer = await requireViewer(c);
    const { blocking, target } = await toggleBlock(c.var.deps, viewer, c.req.valid("json").user_id);
    return c.json({ detail: `Successfully ${blocking ? "blocked" : "unblocked"} ${target.username}.` });
  },
);
