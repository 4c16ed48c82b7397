import { UntypedClient } from "./client";
import { befriend, makeUserWithToken } from "./factories";

export type ChatUser = Awaited<ReturnType<typeof makeUserWithToken>>;

export const as = (u: { access: string }) => new UntypedClient().withToken(u.access);

/** An owner with `n` friends, and a group chat of them all made through POST /chat/create_chat/. */
export async function groupOf(n: number, name = "Group") {
  const owner = await makeUserWithToken();
  const members: ChatUser[] = [];
  for (let i = 0; i < n; i++) {
    const m = await makeUserWithToken();
    await befriend(owner.id, m.id);
    members.push(m);
  }
  const res = await as(owner).post("/chat/create_chat/", {
    chat_name: name,
    chat_members: members.map((m) => m.id),
  });
  if (res.status !== 200) throw new Error(`create_chat: ${res.status} ${res.text}`);
  return { owner, members, chatId: res.body.payload.chat.id as number };
}

/** Two friends and their private chat's id. */
export async function pairChat() {
  const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
  await befriend(a.id, b.id);
  const list = await as(a).get("/chat/chatlist/");
  return { a, b, chatId: list.body.payload.chats[0].chat_id as number };
}

export const say = (u: ChatUser, chatId: number, content: string, extra: object = {}) =>
  as(u).post(`/messages/send_message/${chatId}/`, { content, message_type: "text", ...extra });
