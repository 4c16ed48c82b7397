// module_api/messages_api.md (paulinxu/cocotree-report): sending, reading, filtering and recalling messages, and announcements.
import { Hono } from "hono";
import * as z from "zod";
import { searchText, text } from "../../shared/text";
import { deleteAnnouncement } from "../../../domain/chats/delete-announcement";
import { filterMessages, type MessageFilter } from "../../../domain/chats/filter-messages";
import { MESSAGES_MAX } from "../../../domain/chats/queries";
import { readMessages } from "../../../domain/chats/read-messages";
import { recallMessage } from "../../../domain/chats/recall-message";
import { sendAnnouncement } from "../../../domain/chats/send-announcement";
import { MESSAGE_MAX_CHARS, sendMessage } from "../../../domain/chats/send-message";
import { DomainError } from "../../../domain/errors";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { upload } from "../../../http/declared-body";
import {
  announcementOutSchema,
  messageSchema,
  pathId,
  recalledSchema,
  toAnnouncement,
  toMessage,
} from "../chats/wire";
import { CHAT_WORDS, speaking } from "../chats/words";
import { COCOTREE_UNAUTHENTICATED, fails, ok, route } from "../declare";
import { epochSeconds, success } from "../serializers";

/** An optional id sent as a number, a string of digits, or null / "" for none (forms send strings). */
const optionalId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^[0-9]{0,15}$/), z.null()])
  .optional()
  .transform((v) => (v === undefined || v === null || v === "" ? null : Number(v)));

const sendFields = z.object({
  content: text().max(MESSAGE_MAX_CHARS).optional().default(""),
  reply_id: optionalId,
  message_type: z.string().max(20).optional().default("text"),
  /** In JSON the original named its stored file here; only a multipart file is an attachment. */
  attachment: upload().describe("a file (multipart), at most 10 MiB: required for image, file and voice"),
});

const announcementBody = z.object({ content: text().max(10_000).optional() });

export const messageRoutes = new Hono<AppEnv>();

messageRoutes.post(
  "/messages/send_message/:chatId/",
  route({
    summary:
      "Send a message (text; or image, file, voice with a multipart `attachment`), optionally replying to one",
    auth: true,
    form: sendFields,
    responses: {
      200: ok("Sent", z.object({ message: z.string(), data: messageSchema })),
      400: fails("Error message from the serializer (code 1)"),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("User is not a member of this chat (code 2); You are not friends with <username> (code 1)"),
      404: fails("Chat not found"),
      413: fails("Attachment too large"),
    },
  }),
  (c) =>
    speaking(c, CHAT_WORDS.sendMessage, async () => {
      const chatId = pathId(c, "chatId", "chat");
      const body = c.req.valid("form");
      const message = await sendMessage(ctxOf(c), {
        chatId,
        type: body.message_type,
        content: body.content,
        replyId: body.reply_id,
        attachment: body.attachment ?? null,
      });
      return c.json(success({ message: "message sent successfully", data: toMessage(message) }));
    }),
);

messageRoutes.get(
  "/messages/get_messages/:chatId{[0-9]+}/:messageId{-?[0-9]+}/:getAfter/:count/",
  route({
    summary: `Up to \`count\` (1–${MESSAGES_MAX}) messages of a chat, oldest first: the newest (message_id -1), or those after / before message_id; the chat counts as read`,
    auth: true,
    responses: {
      200: ok("Messages", z.object({ messages: z.array(messageSchema) })),
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
    const rows = await readMessages(ctxOf(c), {
      chatId: pathId(c, "chatId", "chat"),
      messageId: Number.isSafeInteger(messageId) ? messageId : Number.MAX_SAFE_INTEGER,
      after: c.req.param("getAfter").toLowerCase() === "true",
      count,
    });
    return c.json(success({ messages: rows.map(toMessage) }));
  },
);

const filterQuery = z.object({
  sender_id: z.string().optional(),
  message_type: z.string().optional(),
  content: searchText(200).optional(),
  start_timestamp: z.string().optional(),
  end_timestamp: z.string().optional(),
  before_id: z.string().optional().describe("page further back: only messages older than this id"),
});

/** Epoch seconds (a float, as Django's FloatField timestamps) or nothing; anything else is that field's own 400. */
function epoch(value: unknown, reason: "filter_start" | "filter_end"): Date | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^-?[0-9]{1,12}(\.[0-9]{1,9})?$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n) || Math.abs(n) > 8.64e12) throw new DomainError("BAD_REQUEST", reason);
  return new Date(n * 1000);
}

/** A filter's id field: digits (or a number), else no message can match it. */
const idFilter = (value: unknown) => {
  if (value === undefined || value === null || value === "") return undefined;
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^[0-9]{1,15}$/.test(value)
        ? Number(value)
        : -1;
  return Number.isSafeInteger(n) ? n : -1;
};

messageRoutes.get(
  "/messages/filter_messages/:chatId/",
  route({
    summary: `Messages matching sender, type, content and a time range (epoch seconds), among the newest 1000 (before before_id); at most 100, oldest first`,
    auth: true,
    query: filterQuery,
    responses: {
      200: ok("Matching messages", z.object({ messages: z.array(messageSchema) })),
      400: fails("Invalid start_timestamp format (code 1)"),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("User is not a member of this chat"),
      404: fails("Chat not found"),
    },
  }),
  (c) =>
    speaking(c, CHAT_WORDS.filter, async () => {
      const chatId = pathId(c, "chatId", "chat");
      const q = c.req.valid("query");
      const filter: MessageFilter = {
        chatId,
        senderId: idFilter(q.sender_id),
        messageType: q.message_type || undefined,
        content: q.content || undefined,
        start: epoch(q.start_timestamp, "filter_start"),
        end: epoch(q.end_timestamp, "filter_end"),
        beforeId: idFilter(q.before_id),
      };
      const rows = await filterMessages(ctxOf(c), filter);
      return c.json(success({ messages: rows.map(toMessage) }));
    }),
);

messageRoutes.delete(
  "/messages/delete_message/:chatId/:messageId/",
  route({
    summary:
      "Recall a message (its sender, or a group's owner or managers): it becomes `[message recalled by <username>]`",
    auth: true,
    responses: {
      200: ok("Recalled", recalledSchema),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("User is not a member of this chat (code 1); User does not have permissions"),
      404: fails("Chat does not exist; Message does not exist"),
    },
  }),
  (c) =>
    speaking(c, CHAT_WORDS.recall, async () => {
      const m = await recallMessage(ctxOf(c), {
        chatId: pathId(c, "chatId", "chat"),
        messageId: pathId(c, "messageId", "message"),
      });
      return c.json(
        success({
          message: "message deleted successfully",
          data: {
            message_id: m.id,
            sender_id: m.senderId,
            content: m.content,
            message_type: m.messageType,
            timestamp: epochSeconds(m.timestamp),
          },
        }),
      );
    }),
);

messageRoutes.post(
  "/messages/send_announcement/:chatId/",
  route({
    summary: "Post an announcement in a group chat (owner and managers)",
    auth: true,
    json: announcementBody,
    responses: {
      200: ok("Posted", announcementOutSchema),
      400: fails("Content is required (code 1)"),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("User does not have permissions to send announcement"),
      404: fails("Group Chat does not exist"),
    },
  }),
  (c) =>
    speaking(c, CHAT_WORDS.sendAnnouncement, async () => {
      const row = await sendAnnouncement(ctxOf(c), {
        chatId: pathId(c, "chatId", "group_chat"),
        content: c.req.valid("json").content ?? "",
      });
      return c.json(success(toAnnouncement(row)));
    }),
);

messageRoutes.delete(
  "/messages/delete_announcement/:chatId/:announcementId/",
  route({
    summary: "Remove an announcement of a group chat (owner and managers)",
    auth: true,
    responses: {
      200: ok("The removed announcement", announcementOutSchema),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("User does not have permissions to delete announcement"),
      404: fails("GroupChat does not exist; Announcement does not exist"),
    },
  }),
  (c) =>
    speaking(c, CHAT_WORDS.deleteAnnouncement, async () => {
      const row = await deleteAnnouncement(ctxOf(c), {
        chatId: pathId(c, "chatId", "group_chat"),
        announcementId: pathId(c, "announcementId", "announcement"),
      });
      return c.json(success(toAnnouncement(row)));
    }),
);
