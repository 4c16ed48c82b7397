// seed 000 Users: the public directory and one public profile.
import { Hono } from "hono";
import * as z from "zod";
import { deleteAccountByUsername } from "../../../domain/users/close-account";
import {
  CONTACT_BODY_MAX,
  CONTACT_SUBJECT_MAX,
  contactRecipient,
  contactUser,
} from "../../../domain/users/contact-user";
import { findPublicUser, listPublicUsers } from "../../../domain/users/public-users";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { clientInfo, signedIn } from "../../../http/credentials";
import { checkedByRoute } from "../../../http/declared-body";
import { presenterOf } from "../../../http/presenter";
import { USER_FIELDS } from "../../../domain/users/fields";
import { drfBadRequest, drfError } from "../../shared/drf-error-schemas";
import { searchText } from "../../shared/text";
import { mediaCmsPageBody, pageRequestOf } from "../../shared/pagination";
import { route } from "../declare";
import { userDetailBody, userListBody } from "./wire";
import { toUserDetail, toUserListItem } from "./serializers";

/** MediaCMS's pagination class: 50 a page, and the client may not choose the size. */
const PAGE_RULE = { default: 50, sizeParam: null } as const;

// `page` is read by pageRequestOf as DRF does (a bad number is a 404, not a 400), so it is documented, not validated.
const listQuery = z.object({
  page: z.string().optional(),
  search: searchText().optional(),
  location: searchText(USER_FIELDS.location.rule.max).optional(),
});

const ok = (description: string, schema: z.ZodType) => ({ description, schema });

export const usersRoutes = new Hono<AppEnv>();

usersRoutes.get(
  "/api/v1/users",
  route({
    d1Session: "first-unconstrained",
    summary:
      "Active users, advanced users first, then latest post/reel/video, then newest account; 50 a page; ?search= (name or username) and ?location= (exact)",
    query: listQuery,
    responses: {
      200: ok("A page of users", userListBody),
      400: drfError("Field errors (a search or location too long, or not text)", drfBadRequest),
      404: drfError("Invalid page."),
    },
  }),
  async (c) => {
    const url = new URL(c.req.url);
    const page = await listPublicUsers(ctxOf(c), {
      page: pageRequestOf(url, PAGE_RULE),
      search: url.searchParams.getAll("search").at(-1) || undefined,
      location: url.searchParams.getAll("location").at(-1) || undefined,
    });
    return c.json(mediaCmsPageBody(page, c.req.url, (u) => toUserListItem(u, presenterOf(c))));
  },
);

usersRoutes.get(
  "/api/v1/users/:username",
  route({
    d1Session: "first-unconstrained",
    summary: "One active user's public profile",
    responses: { 200: ok("The profile", userDetailBody), 404: drfError("user does not exist") },
  }),
  async (c) => {
    const user = await findPublicUser(ctxOf(c), { username: c.req.param("username") });
    return c.json(toUserDetail(user, presenterOf(c)));
  },
);

usersRoutes.delete(
  "/api/v1/users/:username",
  route({
    summary:
      "Delete an account with all its data and media: the user themself, a manager or an admin (an admin's account: an admin only)",
    // MediaCMS's UserDetail authenticates by session first: DRF then answers a caller with no valid credential 403.
    auth: signedIn("deletion_signed_out"),
    responses: {
      204: { description: "Deleted; empty body" },
      403: drfError("not enough permissions / Authentication credentials were not provided."),
      404: drfError("user does not exist"),
      409: drfError("The last active admin's account: deleting it would leave no active admin"),
    },
  }),
  async (c) => {
    await deleteAccountByUsername(ctxOf(c), {
      username: c.req.param("username"),
      origin: { ip: clientInfo(c).ip },
    });
    return c.body(null, 204);
  },
);

/** Checked by the verb, which words each refusal as MediaCMS does. */
const contactForm = z.object({
  subject: checkedByRoute().describe(`One line, at most ${CONTACT_SUBJECT_MAX} characters`),
  body: checkedByRoute().describe(`At most ${CONTACT_BODY_MAX} characters`),
});

usersRoutes.post(
  "/api/v1/users/:username/contact",
  route({
    summary:
      "Mail a user (subject on one line, ≤ 200 characters; body ≤ 5,000); replies go to the sender; 10 an hour per sender",
    // MediaCMS words this route's 401 its own way.
    auth: signedIn("contact_signed_out"),
    // An unknown recipient (404) answers before the body is read, as DRF reads `request.data` lazily.
    guard: (ctx, c) => contactRecipient(ctx, c.req.param("username") ?? ""),
    form: contactForm,
    responses: {
      204: { description: "Sent; empty body" },
      400: drfError(
        "Subject and body are required / Subject may not contain line breaks / Subject may not exceed 200 characters / Message may not exceed 5000 characters; or field errors for characters no text may hold",
        drfBadRequest,
      ),
      401: drfError("request need be authenticated"),
      403: drfError("You are not allowed to contact this user"),
      404: drfError("user does not exist"),
      429: drfError("More than 10 contact mails in the last hour (Retry-After)"),
    },
  }),
  async (c) => {
    await contactUser(ctxOf(c), { username: c.req.param("username"), message: c.req.valid("form") });
    return c.body(null, 204);
  },
);
