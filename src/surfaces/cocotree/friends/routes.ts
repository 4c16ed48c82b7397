// seed 002 Friends: request, respond, delete, groups, received and sent requests, group_update.
import { Hono } from "hono";
import * as z from "zod";
import {
  RECENT_REQUESTS_DEFAULT,
  listFriendGroups,
  receivedRequests,
  sentRequests,
} from "../../../domain/friends/queries";
import { removeFriend } from "../../../domain/friends/remove-friend";
import { respondToFriendRequest } from "../../../domain/friends/respond-request";
import { sendFriendRequest } from "../../../domain/friends/send-request";
import { updateFriendGroup } from "../../../domain/friends/update-group";
import { DomainError } from "../../../domain/errors";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { presenterOf } from "../../../http/presenter";
import { line } from "../../shared/text";
import { COCOTREE_UNAUTHENTICATED, fails, ok, route } from "../declare";
import { idParam } from "../params";
import { epochSeconds, isoTime, success, toUserCard, userCardSchema } from "../serializers";

const card = userCardSchema;
const message = z.object({ message: z.string() });
/** A user id as a JSON number, or as the digits of one (form-minded clients send strings). */
const userId = z.union([z.number().int(), z.string().regex(/^[0-9]{1,16}$/)]);

/** A group name is one line a list shows: the line rules (no control, separator or bidi control). */
export const groupBody = z.object({ group: line().optional() });

export const friendsRoutes = new Hono<AppEnv>();

friendsRoutes.post(
  "/users/friends/request/",
  route({
    summary:
      "Send a friend request; one already pending from that user is accepted at once (`auto_accepted`)",
    auth: true,
    json: z.object({ id: userId }),
    responses: {
      200: ok("Sent (or accepted)", z.object({ message: z.string(), auto_accepted: z.boolean() })),
      400: fails("To yourself (code 1), already friends (code 3), or field errors"),
      401: COCOTREE_UNAUTHENTICATED,
      404: fails("User not found (unknown, inactive or blocked either way)"),
    },
  }),
  async (c) => {
    const targetId = Number(c.req.valid("json").id);
    if (!Number.isSafeInteger(targetId)) throw new DomainError("NOT_FOUND", "user");
    const { autoAccepted } = await sendFriendRequest(ctxOf(c), { targetId });
    return c.json(success({ message: "Friend request sent successfully", auto_accepted: autoAccepted }));
  },
);

friendsRoutes.post(
  "/users/friends/respond/:requestId{[0-9]+}/",
  route({
    summary:
      "Accept or reject a pending request addressed to me; accepting creates the friendship and our private chat",
    auth: true,
    json: z.object({ response: z.unknown().describe('"accept" or "reject"') }),
    responses: {
      200: ok("Answered", message),
      400: fails("Invalid response type"),
      401: COCOTREE_UNAUTHENTICATED,
      404: fails("Request not found"),
    },
  }),
  async (c) => {
    const requestId = idParam(c, "requestId", "friend_request");
    const { accepted } = await respondToFriendRequest(ctxOf(c), {
      requestId,
      response: c.req.valid("json").response,
    });
    return c.json(success({ message: accepted ? "Friend request accepted" : "Friend request rejected" }));
  },
);

friendsRoutes.delete(
  "/users/friends/delete/:friendId{[0-9]+}/",
  route({
    summary: "End a friendship (both sides); posts a system message in our private chat",
    auth: true,
    responses: {
      200: ok("Removed", message),
      401: COCOTREE_UNAUTHENTICATED,
      404: fails("User not found (code 1), or friendship asymmetric or not found (code 2)"),
    },
  }),
  async (c) => {
    await removeFriend(ctxOf(c), { friendId: idParam(c, "friendId", "user_lookup") });
    return c.json(success({ message: "Friend removed successfully" }));
  },
);

friendsRoutes.get(
  "/users/friends/groups/",
  route({
    summary: '"Default", then the other group names of my friendships, sorted',
    auth: true,
    responses: {
      200: ok("My groups", z.object({ groups: z.array(z.string()) })),
      401: COCOTREE_UNAUTHENTICATED,
    },
  }),
  async (c) => c.json(success({ groups: await listFriendGroups(ctxOf(c)) })),
);

friendsRoutes.get(
  "/users/friends/received_requests/",
  route({
    summary:
      "Pending requests to me (newest first) and the last `count` (default 5, at most 50) answered ones either way",
    auth: true,
    query: z.object({
      count: z
        .string()
        .regex(/^[0-9]{1,6}$/, "A valid integer is required.")
        .optional(),
    }),
    responses: {
      200: ok(
        "Requests",
        z.object({
          pending: z.array(
            z.object({ id: z.number(), from_user: card, last_updated: z.number().describe("epoch seconds") }),
          ),
          recent: z.array(
            z.object({
              id: z.number(),
              user: card,
              status: z.string(),
              last_updated: z.string().describe("ISO-8601"),
              direction: z.enum(["to", "from"]),
            }),
          ),
        }),
      ),
      400: fails("A count that is not a number"),
      401: COCOTREE_UNAUTHENTICATED,
    },
  }),
  async (c) => {
    const raw = c.req.valid("query").count;
    const { pending, recent } = await receivedRequests(ctxOf(c), {
      count: raw === undefined ? RECENT_REQUESTS_DEFAULT : Number(raw),
    });
    const media = presenterOf(c);
    return c.json(
      success({
        pending: pending.map((r) => ({
          id: r.id,
          from_user: toUserCard(r.user, media),
          last_updated: epochSeconds(r.updatedAt),
        })),
        recent: recent.map((r) => ({
          id: r.id,
          user: toUserCard(r.user, media),
          status: r.status,
          last_updated: isoTime(r.updatedAt),
          direction: r.direction,
        })),
      }),
    );
  },
);

friendsRoutes.get(
  "/users/friends/sent_requests/",
  route({
    summary: "My pending requests, newest first",
    auth: true,
    responses: {
      200: ok(
        "Requests",
        z.object({
          pending: z.array(
            z.object({ id: z.number(), to_user: card, last_updated: z.number().describe("epoch seconds") }),
          ),
        }),
      ),
      401: COCOTREE_UNAUTHENTICATED,
    },
  }),
  async (c) => {
    const pending = await sentRequests(ctxOf(c));
    const media = presenterOf(c);
    return c.json(
      success({
        pending: pending.map((r) => ({
          id: r.id,
          to_user: toUserCard(r.user, media),
          last_updated: epochSeconds(r.updatedAt),
        })),
      }),
    );
  },
);

friendsRoutes.patch(
  "/users/friends/group_update/:friendId{[0-9]+}/",
  route({
    summary: "Put a friend in one of my groups (1–50 characters)",
    auth: true,
    json: groupBody,
    responses: {
      200: ok("Updated", z.object({ message: z.string(), group: z.string() })),
      400: fails("Group name is required / too long"),
      401: COCOTREE_UNAUTHENTICATED,
      404: fails("Friendship not found"),
    },
  }),
  async (c) => {
    const friendId = idParam(c, "friendId", "friendship");
    const { group } = await updateFriendGroup(ctxOf(c), { friendId, group: c.req.valid("json").group ?? "" });
    return c.json(success({ message: "Friend group updated", group }));
  },
);
