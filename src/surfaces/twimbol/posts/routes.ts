// seed 004 §4 Posts.
import { Hono, type Context } from "hono";
import type { ImagePolicy } from "../../../domain/media/image-upload";
import { createPost } from "../../../domain/posts/create-post";
import { deletePost } from "../../../domain/posts/delete-post";
import { requirePostEditor } from "../../../domain/posts/editor";
import { getPost, listPosts, type PostOrder, type PostOrderField } from "../../../domain/posts/queries";
import { updatePost } from "../../../domain/posts/update-post";
import type { AppEnv } from "../../../env";
import { TWIMBOL_IMAGE_BYTES } from "../../../http/body-limits";
import { ctxOf } from "../../../http/context";
import { presenterOf } from "../../../http/presenter";
import { drfPageBody, pageRequestOf } from "../../shared/pagination";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfError } from "../error-schemas";
import { toPostItem } from "./serializers";
import { postItemBody, postPageBody } from "../response-schemas";
import { postCreateForm, postListQuery, postUpdateForm, searchTermsOf } from "../schemas";

const BANNER_POLICY: ImagePolicy = {
  maxBytes: TWIMBOL_IMAGE_BYTES,
  extensions: ["jpg", "jpeg", "png", "gif", "webp"],
  types: ["jpeg", "png", "gif", "webp"],
};
const PAGE_RULE = { default: 10, max: 100 };
const ORDER_FIELDS: readonly string[] = ["post_type", "created_at"] satisfies PostOrderField[];

const NOT_FOUND = drfError("Not found.");
const FIELD_ERRORS = drfError("Field errors", drfBadRequest);
const EDITOR_ONLY = { 401: DRF_UNAUTHENTICATED, 403: drfError("Not the author or an admin"), 404: NOT_FOUND };

const postId = (c: Context) => Number(c.req.param("post_id"));
const lastParam = (c: Context, name: string) => new URL(c.req.url).searchParams.getAll(name).at(-1);

/** DRF's OrderingFilter: comma-separated fields, unknown ones dropped; none left is the default order. */
const orderingOf = (raw: string | undefined): PostOrder[] =>
  (raw ?? "")
    .split(",")
    .map((term) => term.trim())
    .filter((term) => ORDER_FIELDS.includes(term.replace(/^-/, "")))
    .map((term) => ({ field: term.replace(/^-/, "") as PostOrderField, descending: term.startsWith("-") }));

export const postRoutes = new Hono<AppEnv>();

postRoutes.get(
  "/api/posts/",
  route({
    d1Session: "first-unconstrained",
    summary:
      "Posts (`post_type` post), newest first; a signed-in viewer's hidden, reported and blocked-either-way posts left out",
    auth: "optional",
    query: postListQuery,
    responses: {
      200: { description: "A page of posts", schema: postPageBody },
      400: FIELD_ERRORS,
      404: drfError("Invalid page."),
    },
  }),
  async (c) => {
    const page = await listPosts(ctxOf(c), "post", {
      page: pageRequestOf(c.req.url, PAGE_RULE),
      searchTerms: searchTermsOf(lastParam(c, "search")),
      ordering: orderingOf(lastParam(c, "ordering")),
    });
    return c.json(drfPageBody(page, c.req.url, (item) => toPostItem(item, presenterOf(c))));
  },
);

postRoutes.post(
  "/api/posts/",
  route({
    summary: "Create a post (multipart with an optional `post_banner` image, or JSON without one)",
    auth: true,
    form: postCreateForm,
    responses: {
      201: { description: "The post", schema: postItemBody },
      400: FIELD_ERRORS,
      401: DRF_UNAUTHENTICATED,
    },
  }),
  async (c) => {
    const body = c.req.valid("form");
    const item = await createPost(ctxOf(c), {
      title: body.post_title,
      titleField: "post_title",
      description: body.post_description,
      banner: body.post_banner
        ? { file: body.post_banner, field: "post_banner", policy: BANNER_POLICY }
        : undefined,
    });
    return c.json(toPostItem(item, presenterOf(c)), 201);
  },
);

postRoutes.get(
  "/api/posts/:post_id{[0-9]+}/",
  route({
    d1Session: "first-unconstrained",
    summary: "One post (404 when absent or across a block)",
    auth: "optional",
    responses: { 200: { description: "The post", schema: postItemBody }, 404: NOT_FOUND },
  }),
  async (c) => c.json(toPostItem(await getPost(ctxOf(c), postId(c)), presenterOf(c))),
);

postRoutes.patch(
  "/api/posts/:post_id{[0-9]+}/",
  route({
    summary: "Edit a post (its author or an admin)",
    auth: true,
    // 404 and 403 before any 400, as DRF's get_object runs before the serializer.
    guard: (ctx, c) => requirePostEditor(ctx, postId(c)),
    form: postUpdateForm,
    responses: { 200: { description: "The post", schema: postItemBody }, 400: FIELD_ERRORS, ...EDITOR_ONLY },
  }),
  async (c) => {
    const body = c.req.valid("form");
    const item = await updatePost(ctxOf(c), {
      postId: postId(c),
      changes: {
        title: body.post_title,
        titleField: "post_title",
        description: body.post_description,
        banner: body.post_banner
          ? { file: body.post_banner, field: "post_banner", policy: BANNER_POLICY }
          : undefined,
      },
    });
    return c.json(toPostItem(item, presenterOf(c)));
  },
);

postRoutes.delete(
  "/api/posts/:post_id{[0-9]+}/",
  route({
    summary: "Delete a post with its likes, hides, reports and comments (its author or an admin)",
    auth: true,
    responses: { 204: { description: "Deleted" }, ...EDITOR_ONLY },
  }),
  async (c) => {
    await deletePost(ctxOf(c), { postId: postId(c) });
    return c.body(null, 204);
  },
);
