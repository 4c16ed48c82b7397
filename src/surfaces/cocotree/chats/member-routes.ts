// module_api/chat_management_api.md (paulinxu/cocotree-report): a group chat's members: roles, join requests, removal, leaving.
import { Hono, type Context } from "hono";
import * as z from "zod";
import { acceptJoinRequest } from "../../../domain/chats/accept-join-request";
import { listJoinRequests } from "../../../domain/chats/join-requests";
import { leaveChat } from "../../../domain/chats/leave-chat";
import { makeManager } from "../../../domain/chats/make-manager";
import { rejectJoinRequest } from "../../../domain/chats/reject-join-request";
import { removeManager } from "../../../domain/chats/remove-manager";
import { removeMember } from "../../../domain/chats/remove-member";
import { sendJoinRequest } from "../../../domain/chats/send-join-request";
import { transferOwnership } from "../../../domain/chats/transfer-ownership";
import type { Ctx } from "../../../domain/context";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { presenterOf } from "../../../http/presenter";
import { joinRequestSchema, pathId, toJoinRequest } from "./wire";
import { CHAT_WORDS, speaking, type Words } from "./words";
import { COCOTREE_UNAUTHENTICATED, fails, ok, route } from "../declare";
import { success } from "../serializers";

export const chatMemberRoutes = new Hono<AppEnv>();

const done = ok("Done", z.object({}));

/** A `/<chat_id>/<user_id>/` action: one verb on that pair, answered `{}`. */
function onMember(
  path: string,
  summary: string,
  failures: Record<403 | 404 | 409, string>,
  verb: (ctx: Ctx, input: { chatId: number; userId: number }) => Promise<void>,
  words: Words = CHAT_WORDS.roles,
) {
  chatMemberRoutes.post(
    `/chat/${path}/:chatId/:userId/`,
    route({
      summary,
      auth: true,
      responses: {
        200: done,
        401: COCOTREE_UNAUTHENTICATED,
        403: fails(failures[403]),
        404: fails(failures[404]),
        409: fails(failures[409]),
      },
    }),
    (c: Context<AppEnv>) =>
      speaking(c, words, async () => {
        await verb(ctxOf(c), {
          chatId: pathId(c, "chatId", "group_chat"),
          userId: pathId(c, "userId", "chat_user"),
        });
        return c.json(success({}));
      }),
  );
}

onMember(
  "make_manager",
  "The owner makes a member a manager",
  {
    403: "User does not have permissions",
    404: "User or group chat does not exist",
    409: "User is already a manager",
  },
  makeManager,
);
onMember(
  "remove_manager",
  "The owner makes a manager a plain member",
  {
    403: "User does not have permissions",
    404: "User or group chat does not exist",
    409: "User is not a manager",
  },
  removeManager,
);
onMember(
  "transfer_ownership",
  "The owner hands the chat to a member and becomes a manager",
  {
    403: "User does not have permissions",
    404: "User or group chat does not exist",
    409: "User is already the owner",
  },
  transferOwnership,
);
onMember(
  "send_join_request",
  "A member proposes a friend of theirs for the group chat",
  {
    403: "Inviter and target user are not friends",
    404: "User does not exist, or Group Chat does not exist",
    409: "Target user is already in chat",
  },
  sendJoinRequest,
  {},
);
onMember(
  "accept_join_request",
  "An owner or manager lets a requested user in",
  {
    403: "User does not have permissions",
    404: "Target user does not have a join request",
    409: "Target user is already in chat",
  },
  acceptJoinRequest,
  {},
);
onMember(
  "reject_join_request",
  "An owner or manager turns a join request down",
  {
    403: "User does not have permissions",
    404: "Target user does not have a join request",
    409: "Target user is already in chat",
  },
  rejectJoinRequest,
  {},
);
onMember(
  "remove_member",
  "Remove a member: the owner anyone but themself, a manager only plain members",
  {
    403: "Insufficient permissions to remove members",
    404: "User does not exist",
    409: "Cannot remove the chat owner",
  },
  removeMember,
  CHAT_WORDS.removeMember,
);

chatMemberRoutes.get(
  "/chat/get_join_requests/:chatId/",
  route({
    summary: "A group chat's pending join requests, newest first (owner and managers)",
    auth: true,
    responses: {
      200: ok("Pending requests", z.object({ join_requests: z.array(joinRequestSchema) })),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("User does not have permissions"),
      404: fails("Group Chat does not exist"),
    },
  }),
  async (c) => {
    const rows = await listJoinRequests(ctxOf(c), { chatId: pathId(c, "chatId", "group_chat") });
    return c.json(success({ join_requests: rows.map((r) => toJoinRequest(r, presenterOf(c))) }));
  },
);

chatMemberRoutes.post(
  "/chat/leave_chat/:chatId/",
  route({
    summary: "Leave a group chat (its owner must transfer ownership first)",
    auth: true,
    responses: {
      200: done,
      401: COCOTREE_UNAUTHENTICATED,
      404: fails("Group Chat does not exist"),
      409: fails("Chat owner cannot leave without transferring ownership first"),
    },
  }),
  async (c) => {
    await leaveChat(ctxOf(c), { chatId: pathId(c, "chatId", "group_chat") });
    return c.json(success({}));
  },
);
