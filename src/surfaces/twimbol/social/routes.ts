// seed 004 §12 Follow & Block: toggles.
import { Hono } from "hono";
import { toggleBlock } from "../../../domain/follows/toggle-block";
import { toggleFollow } from "../../../domain/follows/toggle-follow";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfError } from "../error-schemas";
import { detailBody } from "../response-schemas";
import { targetUserBody } from "../schemas";

const RESPONSES = {
  200: { description: "Toggled", schema: detailBody },
  400: drfError("Yourself / field errors", drfBadRequest),
  401: DRF_UNAUTHENTICATED,
  404: drfError("User not found."),
};
export const socialRoutes = new Hono<AppEnv>();

socialRoutes.post(
  "/user/profile/follow/",
  route({ summary: "Follow or unfollow a user", auth: true, json: targetUserBody, responses: RESPONSES }),
  async (c) => {
    const { following, target } = await toggleFollow(ctxOf(c), { targetId: c.req.valid("json").user_id });
    return c.json({ detail: `Successfully ${following ? "followed" : "unfollowed"} ${target.username}.` });
  },
);

socialRoutes.post(
  "/user/profile/block/",
  route({
    summary: "Block or unblock a user (blocking removes follows both ways)",
    auth: true,
    json: targetUserBody,
    responses: RESPONSES,
  }),
  async (c) => {
    const { blocking, target } = await toggleBlock(ctxOf(c), { targetId: c.req.valid("json").user_id });
    return c.json({ detail: `Successfully ${blocking ? "blocked" : "unblocked"} ${target.username}.` });
  },
);
