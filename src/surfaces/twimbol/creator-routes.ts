// seed 004 §8 Creator Application.
import { Hono } from "hono";
import { applyForCreator, listApplicationsOfUser, listOwnApplications } from "../../domain/creators/applications";
import { validationError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { requireViewer } from "../../http/credentials";
import { doc } from "../../http/openapi";
import { readAnyBody } from "../../http/request-body";
import { parseOrThrow } from "../../http/validator";
import { creatorApplicationBody } from "./schemas";
import { toCreatorApplication } from "./serializers";

const TAG = "twimbol";
export const creatorRoutes = new Hono<AppEnv>();

creatorRoutes.get(
  "/user/api/creator-application/",
  doc({ tag: TAG, summary: "Own creator applications and their status", auth: true, responses: { 200: "[application]", 401: "Not authenticated" } }),
  async (c) => {
    const viewer = await requireViewer(c);
    return c.json((await listOwnApplications(c.var.deps, viewer.user.id)).map(toCreatorApplication));
  },
);

creatorRoutes.get(
  "/user/api/creator-application/by-user/:id{[0-9]+}/",
  doc({ tag: TAG, summary: "One user's creator applications (the user themself or an admin); no applications is an empty list", auth: true, responses: { 200: "[application]", 401: "Not authenticated", 403: "Neither that user nor an admin" } }),
  async (c) => {
    const viewer = await requireViewer(c);
    const applications = await listApplicationsOfUser(c.var.deps, viewer, Number(c.req.param("id")));
    return c.json(applications.map(toCreatorApplication));
  },
);

creatorRoutes.post(
  "/user/api/creator-application/",
  doc({ tag: TAG, summary: "Apply for the creator role (body optional; the original clients send {\"user\": <own id>})", auth: true, json: creatorApplicationBody, responses: { 201: "Creator application submitted successfully.", 400: "Already applied", 401: "Not authenticated" } }),
  async (c) => {
    const viewer = await requireViewer(c);
    const { fields } = await readAnyBody(c);
    const body = parseOrThrow(creatorApplicationBody, fields);
    if (body.user !== undefined && body.user !== viewer.user.id) {
      throw validationError({ user: [{ code: "not_self", message: "You can only apply for your own account." }] });
    }
    await applyForCreator(c.var.deps, viewer);
    return c.json({ detail: "Creator application submitted successfully." }, 201);
  },
);
