// seed 004 §7 Comments.
import { Hono, type Context } from "hono";
import { addComment, deleteComment, listComments } from "../../../domain/posts/comments";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { presenterOf } from "../../../http/presenter";
import { drfPageBody, pageRequestOf } from "../../shared/pagination";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfError } from "../error-schemas";
import { toComment } from "../marks/serializers";
import { commentBody, commentPageBody } from "../response-schemas";
import { commentDeleteFields, commentFields, commentListQuery } from "../schemas";

const PATH = "/api/posts/:post_id{[0-9]+}/comments/";
const PAGE_RULE = { default: 10, max: 30 };
const postId = (c: Context) => Number(c.req.param("post_id"));
const NOT_FOUND = drfError("Not found. (no such post, or a block separates you and its author)");

export const commentRoutes = new Hono<AppEnv>();

commentRoutes.get(
  PATH,
  route({
    d1Session: "first-unconstrained",
    summary: "A post's comments, newest first (page_size default 10, capped at 30)",
    auth: "optional",
    query: commentListQuery,
    responses: {
      200: { description: "A page of comments", schema: commentPageBody },
      404: drfError("Not found. / Invalid page."),
    },
  }),
  async (c) => {
    const page = await listComments(ctxOf(c), {
      postId: postId(c),
      page: pageRequestOf(c.req.url, PAGE_RULE),
    });
    return c.json(drfPageBody(page, c.req.url, (item) => toComment(item, presenterOf(c))));
  },
);

commentRoutes.post(
  PATH,
  route({
    summary: "Comment on a post (notifies its author)",
    auth: true,
    form: commentFields,
    responses: {
      201: { description: "The comment", schema: commentBody },
      400: drfError("Field errors", drfBadRequest),
      401: DRF_UNAUTHENTICATED,
      404: NOT_FOUND,
    },
  }),
  async (c) => {
    const body = c.req.valid("form");
    return c.json(
      toComment(await addComment(ctxOf(c), { postId: postId(c), text: body.comment }), presenterOf(c)),
      201,
    );
  },
);

commentRoutes.delete(
  PATH,
  route({
    summary: "Delete your own comment (`comment_id`); no one else may (the original filters on created_by)",
    auth: true,
    form: commentDeleteFields,
    responses: {
      204: { description: "Deleted" },
      400: drfError("Field errors", drfBadRequest),
      401: DRF_UNAUTHENTICATED,
      404: drfError("Comment not found or you don't have permission to delete it. / Not found."),
    },
  }),
  async (c) => {
    const body = c.req.valid("form");
    await deleteComment(ctxOf(c), { postId: postId(c), commentId: body.comment_id });
    return c.body(null, 204);
  },
);
