// Access JWTs name a `token`, `cocotree` or `cookie` session, never a panel sign-in or an API key.
// A `cookie` session (the game's login, the `sessionid` cookie every API accepts) gets one in
// exactly one place: Cocotree's details edit answers a fresh access token for the caller's own
// session, whatever its kind, and that token must then work. Pinned here, as intended.
import { describe, expect, it } from "vitest";
import { loggedInGameUser } from "../helpers/game";
import { testDeps, uniqueName } from "../helpers/factories";
import { issueAccessToken } from "../../src/domain/auth/sessions";
import { viewerFromAccessToken } from "../../src/domain/auth/resolve-viewer";
import { UntypedClient } from "../helpers/client";
import { env } from "cloudflare:workers";

describe("access JWTs of cookie sessions", () => {
  it("a game login's session, edited through Cocotree, answers a token that authenticates as that session", async () => {
    const { user, client } = await loggedInGameUser();
    const username = uniqueName("cookie");
    const res = await client.patch("/users/user_details/", { username, bio: "from the game" });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      payload: {
        message: "User info updated successfully",
        data: { id: user.id, username, bio: "from the game", profile_picture: null },
        token: expect.any(String),
      },
    });
    const withToken = await new UntypedClient().get("/users/user_details/", {
      headers: { Authorization: (res.body as { payload: { token: string } }).payload.token },
    });
    expect(withToken.status, withToken.text).toBe(200);
    expect(withToken.body.payload).toMatchObject({ id: user.id, username });
  });

  it("the same token authenticates for a cookie session, and not for a panel session or an API key", async () => {
    const deps = testDeps();
    const { user } = await loggedInGameUser();
    const cv = (await env.DB.prepare("SELECT credentials_version AS cv FROM users WHERE id = ?")
      .bind(user.id)
      .first<{ cv: number }>())!.cv;
    const accepted: Record<string, boolean> = {};
    for (const kind of ["cookie", "panel", "key"] as const) {
      const handle = uniqueName("h");
      await env.DB.prepare(
        "INSERT INTO sessions (user_id, kind, secret_hash, handle, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
        .bind(user.id, kind, uniqueName("s"), handle, Date.now(), Date.now() + 3_600_000)
        .run();
      const token = await issueAccessToken(
        deps,
        { id: user.id, credentialsVersion: cv },
        { handle, kind, expiresAt: new Date(Date.now() + 3_600_000) },
      );
      accepted[kind] = (await viewerFromAccessToken(deps, token))?.user.id === user.id;
    }
    expect(accepted).toEqual({ cookie: true, panel: false, key: false });
  });
});
