// Cocotree's companion chat API (issue 12): the chat list and a chat's messages, where the friends API posts its system messages.
import { Hono } from "hono";
import * as z from "zod";
import { MESSAGES_MAX, listChats, listMessages } from "../../domain/chats/queries";
import { DomainError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { COCOTREE_UNAUTHENTICATED, fails, ok, route } from "./declare";
import { idParam } from "./params";
import { success, toChat, toMessage } from "./serializers";

const chat = z.object({
  chat_id: z.number(),
  chat_name: z.string(),
  created_at: z.string(),
  unread_messages_count: z.number(),
  latest_message_username: z.string().nullable(),
  latest_message_type: z.string().nullable(),
  latest_message_content: z.string().nullable(),
  muted: z.boolean(),
  pinned: z.boolean(),
  private: z.boolean(),
  chat_profile_picture: z.string().nullable(),
});
const message = z.object({
  message_id: z.number(),
  sender_id: z.number().nullable(),
  reply_id: z.number().nullable(),
  reply_count: z.number(),
  content: z.string(),
  message_type: z.string(),
  timestamp: z.number().describe("epoch seconds"),
  file_url: z.string().nullable(),
});

export const chatRoutes = new Hono<AppEnv>();

chatRoutes.get(
  "/chat/chatlist/",
  route({
    summary: "My chats, pinned first, then by latest message",
    auth: true,
    responses: { 200: ok("My chats", z.object({ chats: z.array(chat) })), 401: COCOTREE_UNAUTHENTICATED },
  }),
  async (c) => {
    const chats = await listChats(ctxOf(c));
    return c.json(success({ chats: chats.map((row) => toChat(row, c.var.deps.media)) }));
  },
);

chatRoutes.get(
  "/messages/get_messages/:chatId{[0-9]+}/:messageId{-?[0-9]+}/:getAfter/:count/",
  route({
    summary: `Up to \`count\` (1–${MESSAGES_MAX}) messages of a chat, oldest first: the newest (message_id -1), or those after / before message_id`,
    auth: true,
    responses: {
      200: ok("Messages", z.object({ messages: z.array(message) })),
      400: fails("Invalid count value (code 2)"),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("User not in chat"),
      404: fails("Chat not found"),
    },
  }),
  async (c) => {
    const count = /^[0-9]{1,4}$/.test(c.req.param("count")) ? Number(c.req.param("count")) : NaN;
    if (!Number.isInteger(count)) throw new DomainError("BAD_REQUEST", "message_count");
    const messageId = Number(c.req.param("messageId"));
    const rows = await listMessages(ctxOf(c), {
      chatId: idParam(c, "chatId", "chat"),
      messageId: Number.isSafeInteger(messageId) ? messageId : Number.MAX_SAFE_INTEGER,
      after: c.req.param("getAfter").toLowerCase() === "true",
      count,
    });
    return c.json(success({ messages: rows.map(toMessage) }));
  },
);
