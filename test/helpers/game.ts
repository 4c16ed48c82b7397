import { expect } from "vitest";
import { Client } from "./client";
import { makeUser, type Made } from "./factories";

/** A user logged in through the game API: the client holds its `sessionid` cookie. */
export async function loggedInGameUser(
  overrides: Parameters<typeof makeUser>[0] = {},
): Promise<{ user: Made; client: Client }> {
  const user = await makeUser(overrides);
  const client = new Client();
  const res = await client.post("/users/login/", { username: user.username, password: user.password });
  expect(res.status, res.text).toBe(200);
  expect(client.cookies.get("sessionid")).toBeTruthy();
  return { user, client };
}
