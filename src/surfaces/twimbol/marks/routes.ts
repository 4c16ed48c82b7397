// seed 004 §6 Post Interactions: likes, hides and reports, on posts, reels and videos alike.
import { Hono, type Context } from "hono";
import {
  hidePost,
  likePost,
  listHides,
  listLikes,
  listReports,
  reportPost,
  unhidePost,
  unlikePost,
  unreportPost,
} from "../../../domain/posts/marks";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfError } from "../error-schemas";
import { toMark, toReport } from "./serializers";
import { markBody, marksBody, reportBody, reportsBody } from "../response-schemas";
import { reportFields } from "../schemas";

const postId = (c: Context) => Number(c.req.param("post_id"));
const NOT_FOUND = drfError("Not found. (no such post, or a block separates you and its author)");
const LIKES = "/api/post_likes/:post_id{[0-9]+}/";
const HIDES = "/api/post_hide/:post_id{[0-9]+}/";
const REPORTS = "/api/post_report/:post_id{[0-9]+}/";

export const markRoutes = new Hono<AppEnv>();

markRoutes.get(
  LIKES,
  route({
    d1Session: "first-unconstrained",
    summary: "A post's newest 100 likes, newest first (not paginated; like_count is the total)",
    auth: "optional",
    responses: { 200: { description: "The likes", schema: marksBody }, 404: NOT_FOUND },
  }),
  async (c) => c.json((await listLikes(ctxOf(c), { postId: postId(c) })).map(toMark)),
);

markRoutes.post(
  LIKES,
  route({
    summary: "Like a post (notifies its author)",
    auth: true,
    responses: {
      201: { description: "The like", schema: markBody },
      400: drfError("You already liked this post."),
      401: DRF_UNAUTHENTICATED,
      404: NOT_FOUND,
    },
  }),
  async (c) => c.json(toMark(await likePost(ctxOf(c), { postId: postId(c) })), 201),
);

markRoutes.delete(
  LIKES,
  route({
    summary: "Unlike a post",
    auth: true,
    responses: {
      204: { description: "Unliked" },
      401: DRF_UNAUTHENTICATED,
      404: drfError("Like not found or you don't have permission to delete it. / Not found."),
    },
  }),
  async (c) => {
    await unlikePost(ctxOf(c), { postId: postId(c) });
    return c.body(null, 204);
  },
);

markRoutes.get(
  HIDES,
  route({
    summary: "Your own hide of a post, as a list of at most one (no one sees another user's hides)",
    auth: true,
    responses: {
      200: { description: "Your hide, if any", schema: marksBody },
      401: DRF_UNAUTHENTICATED,
      404: NOT_FOUND,
    },
  }),
  async (c) => c.json((await listHides(ctxOf(c), { postId: postId(c) })).map(toMark)),
);

markRoutes.post(
  HIDES,
  route({
    summary: "Hide a post from your feeds",
    auth: true,
    responses: {
      201: { description: "The hide", schema: markBody },
      400: drfError("You already hid this post."),
      401: DRF_UNAUTHENTICATED,
      404: NOT_FOUND,
    },
  }),
  async (c) => c.json(toMark(await hidePost(ctxOf(c), { postId: postId(c) })), 201),
);

markRoutes.delete(
  HIDES,
  route({
    summary: "Unhide a post",
    auth: true,
    responses: {
      204: { description: "Unhidden" },
      401: DRF_UNAUTHENTICATED,
      404: drfError("Hide not found or you don't have permission to delete it. / Not found."),
    },
  }),
  async (c) => {
    await unhidePost(ctxOf(c), { postId: postId(c) });
    return c.body(null, 204);
  },
);

markRoutes.get(
  REPORTS,
  route({
    summary: "Your own report of a post, as a list of at most one (moderators read reports in the admin API)",
    auth: true,
    responses: {
      200: { description: "Your report, if any", schema: reportsBody },
      401: DRF_UNAUTHENTICATED,
      404: NOT_FOUND,
    },
  }),
  async (c) => c.json((await listReports(ctxOf(c), { postId: postId(c) })).map(toReport)),
);

markRoutes.post(
  REPORTS,
  route({
    summary: "Report a post (JSON or a form; `reason` defaults to other)",
    auth: true,
    form: reportFields,
    responses: {
      201: { description: "The report", schema: reportBody },
      400: drfError("You already reported this post. / field errors", drfBadRequest),
      401: DRF_UNAUTHENTICATED,
      404: NOT_FOUND,
    },
  }),
  async (c) => {
    const body = c.req.valid("form");
    const report = await reportPost(ctxOf(c), {
      postId: postId(c),
      reason: body.reason,
      description: body.description ?? undefined,
    });
    return c.json(toReport(report), 201);
  },
);

markRoutes.delete(
  REPORTS,
  route({
    summary: "Withdraw your report on a post",
    auth: true,
    responses: {
      204: { description: "Withdrawn" },
      401: DRF_UNAUTHENTICATED,
      404: drfError("Report not found or you don't have permission to delete it. / Not found."),
    },
  }),
  async (c) => {
    await unreportPost(ctxOf(c), { postId: postId(c) });
    return c.body(null, 204);
  },
);
