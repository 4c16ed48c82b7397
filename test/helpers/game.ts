import { expect } from "vitest";
import { Client } from "./client";
import { makeUser, type Made } from "./factories";

/** A user logged in through the game API: the client holds its `sessionid` cookie. */
export async function loggedInGameUser(overrides: Parameters<typeof makeUser>[0] = {}): Promise<{ user: Made; client: Client }> {
  const user = await makeUser(overrides);
  const client = new Client();
  const res = await client.post("/users/login/", { username: user.username, password: user.password });
  expect(res.status, res.text).toBe(200);
  expect(client.cookies.get("sessionid")).toBeTruthy();
  return { user, client };
}

export const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
export const JPEG_BYTES = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]);
export const GIF_BYTES = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0]);

export function upload(field: string, name: string, bytes: Uint8Array, type = "application/octet-stream") {
  const form = new FormData();
  form.append(field, new File([bytes], name, { type }));
  return form;
}
