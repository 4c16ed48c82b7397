// module_api/chat_management_api.md (paulinxu/cocotree-report): the chat list, a chat's info, group chats' creation and deletion, mute and pin.
import { Hono } from "hono";
import * as z from "zod";
import { line } from "../../shared/text";
import { chatInfo } from "../../../domain/chats/chat-info";
import { createGroupChat } from "../../../domain/chats/create-group-chat";
import { deleteChat } from "../../../domain/chats/delete-chat";
import { listChats } from "../../../domain/chats/queries";
import { toggleMute } from "../../../domain/chats/toggle-mute";
import { togglePin } from "../../../domain/chats/toggle-pin";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { presenterOf } from "../../../http/presenter";
import { chatInfoSchema, chatSchema, createdChatSchema, pathId, toChat, toChatInfo } from "./wire";
import { CHAT_WORDS, speaking } from "./words";
import { COCOTREE_UNAUTHENTICATED, fails, ok, route } from "../declare";
import { isoTime, success } from "../serializers";

/** A member id as a number, or as a string of digits (form-minded clients send those). */
const memberId = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^[0-9]{1,15}$/)
    .transform(Number),
]);
const createBody = z.object({ chat_name: line().max(1000), chat_members: z.array(memberId).max(1000) });

export const chatRoutes = new Hono<AppEnv>();

chatRoutes.get(
  "/chat/chatlist/",
  route({
    summary: "My chats, pinned first, then by latest message",
    auth: true,
    responses: {
      200: ok("My chats", z.object({ chats: z.array(chatSchema) })),
      401: COCOTREE_UNAUTHENTICATED,
    },
  }),
  async (c) => {
    const chats = await listChats(ctxOf(c));
    return c.json(success({ chats: chats.map((row) => toChat(row, presenterOf(c))) }));
  },
);

chatRoutes.get(
  "/chat/get_chat_info/:chatId/",
  route({
    summary: "A chat I am in: its members (deleted accounts marked), newest announcements and picture",
    auth: true,
    responses: {
      200: ok("The chat", chatInfoSchema),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("User is not a member of this chat"),
      404: fails("Chat does not exist"),
    },
  }),
  (c) =>
    speaking(c, CHAT_WORDS.chatInfo, async () => {
      const info = await chatInfo(ctxOf(c), { chatId: pathId(c, "chatId", "chat") });
      return c.json(success(toChatInfo(info, presenterOf(c))));
    }),
);

chatRoutes.post(
  "/chat/create_chat/",
  route({
    summary: "Create a group chat that I own with friends of mine (at least 3 members, me included)",
    auth: true,
    json: createBody,
    responses: {
      200: ok("Created", createdChatSchema),
      400: fails("Group Chat must have at least 3 members, or a bad body"),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("Inviter and target user are not friends"),
      404: fails("User does not exist"),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const chat = await createGroupChat(ctxOf(c), { name: body.chat_name, memberIds: body.chat_members });
    return c.json(
      success({
        chat: {
          id: chat.id,
          chat_name: chat.name,
          private: chat.isPrivate,
          created_time: isoTime(chat.createdAt),
        },
      }),
    );
  },
);

chatRoutes.delete(
  "/chat/delete_chat/:chatId/",
  route({
    summary: "Delete a group chat I own, with its messages, requests and announcements",
    auth: true,
    responses: {
      200: ok("Deleted", z.object({})),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("No permission to delete chat"),
      404: fails("User or group chat does not exist"),
    },
  }),
  (c) =>
    speaking(c, CHAT_WORDS.deleteChat, async () => {
      await deleteChat(ctxOf(c), { chatId: pathId(c, "chatId", "group_chat") });
      return c.json(success({}));
    }),
);

chatRoutes.patch(
  "/chat/toggle_mute/:chatId/",
  route({
    summary: "Mute or unmute a chat for me (its messages still reach my devices, marked muted)",
    auth: true,
    responses: {
      200: ok("The new state", z.object({ muted: z.boolean() })),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("User is not a member of this chat"),
      404: fails("Chat not found"),
    },
  }),
  (c) =>
    speaking(c, CHAT_WORDS.toggle, async () =>
      c.json(success(await toggleMute(ctxOf(c), { chatId: pathId(c, "chatId", "chat") }))),
    ),
);

chatRoutes.patch(
  "/chat/toggle_pinned/:chatId/",
  route({
    summary: "Pin or unpin a chat in my list",
    auth: true,
    responses: {
      200: ok("The new state", z.object({ pinned: z.boolean() })),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("User is not a member of this chat"),
      404: fails("Chat not found"),
    },
  }),
  (c) =>
    speaking(c, CHAT_WORDS.toggle, async () =>
      c.json(success(await togglePin(ctxOf(c), { chatId: pathId(c, "chatId", "chat") }))),
    ),
);
