// seed 000 Users: the public directory and one public profile.
import { Hono } from "hono";
import * as z from "zod";
import { findPublicUser, listPublicUsers } from "../../domain/users/public-users";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { drfError } from "../shared/drf-error-schemas";
import { mediaCmsPageBody, pageRequestOf } from "../shared/pagination";
import { route } from "./declare";
import { userDetailBody, userListBody } from "./response-schemas";
import { toUserDetail, toUserListItem } from "./serializers";

/** MediaCMS's pagination class: 50 a page, and the client may not choose the size. */
const PAGE_RULE = { default: 50, sizeParam: null } as const;

// `page` is read by pageRequestOf as DRF does (a bad number is a 404, not a 400), so it is documented, not validated.
const listQuery = z.object({
  page: z.string().optional(),
  search: z.string().optional(),
  location: z.string().optional(),
});

const ok = (description: string, schema: z.ZodType) => ({ description, schema });

export const usersRoutes = new Hono<AppEnv>();

usersRoutes.get(
  "/api/v1/users",
  route({
    summary: "Active users, advanced users first, then newest; 50 a page; ?search= (name or username) and ?location= (exact)",
    query: listQuery,
    responses: { 200: ok("A page of users", userListBody), 404: drfError("Invalid page.") },
  }),
  async (c) => {
    const url = new URL(c.req.url);
    const page = await listPublicUsers(ctxOf(c), {
      page: pageRequestOf(url, PAGE_RULE),
      search: url.searchParams.getAll("search").at(-1) || undefined,
      location: url.searchParams.getAll("location").at(-1) || undefined,
    });
    return c.json(mediaCmsPageBody(page, c.req.url, (u) => toUserListItem(u, c.var.deps.media, url.origin)));
  },
);

usersRoutes.get(
  "/api/v1/users/:username",
  route({
    summary: "One active user's public profile",
    responses: { 200: ok("The profile", userDetailBody), 404: drfError("user does not exist") },
  }),
  async (c) => {
    const user = await findPublicUser(ctxOf(c), { username: c.req.param("username") });
    return c.json(toUserDetail(user, c.var.deps.media, new URL(c.req.url).origin));
  },
);
