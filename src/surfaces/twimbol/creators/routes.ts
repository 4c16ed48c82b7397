// seed 004 §8 Creator Application.
import { Hono } from "hono";
import {
  applyForCreator,
  listApplicationsOfUser,
  listOwnApplications,
} from "../../../domain/creators/applications";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfError } from "../error-schemas";
import { creatorApplicationsBody, detailBody } from "../response-schemas";
import { creatorApplicationBody } from "../schemas";
import { toCreatorApplication } from "../profile/serializers";

export const creatorRoutes = new Hono<AppEnv>();

creatorRoutes.get(
  "/user/api/creator-application/",
  route({
    summary: "Own creator applications and their status",
    auth: true,
    responses: {
      200: { description: "[application]", schema: creatorApplicationsBody },
      401: DRF_UNAUTHENTICATED,
    },
  }),
  async (c) => {
    return c.json((await listOwnApplications(ctxOf(c))).map(toCreatorApplication));
  },
);

creatorRoutes.get(
  "/user/api/creator-application/by-user/:id{[0-9]+}/",
  route({
    summary:
      "One user's creator applications (the user themself or an admin); no applications is an empty list",
    auth: true,
    responses: {
      200: { description: "[application]", schema: creatorApplicationsBody },
      401: DRF_UNAUTHENTICATED,
      403: drfError("Neither that user nor an admin"),
    },
  }),
  async (c) => {
    const applications = await listApplicationsOfUser(ctxOf(c), { userId: Number(c.req.param("id")) });
    return c.json(applications.map(toCreatorApplication));
  },
);

creatorRoutes.post(
  "/user/api/creator-application/",
  route({
    summary: 'Apply for the creator role (body optional; the original clients send {"user": <own id>})',
    auth: true,
    form: creatorApplicationBody,
    responses: {
      201: { description: "Creator application submitted successfully.", schema: detailBody },
      400: drfError("Already applied / field errors", drfBadRequest),
      401: DRF_UNAUTHENTICATED,
    },
  }),
  async (c) => {
    await applyForCreator(ctxOf(c), { userId: c.req.valid("form").user });
    return c.json({ detail: "Creator application submitted successfully." }, 201);
  },
);
