import { exports } from "cloudflare:workers";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import type { paths } from "../../src/client/api-types";
import { BASE, Client, expectStatus } from "../helpers/client";
import { makeUserWithToken, uniqueName } from "../helpers/factories";
import { JPEG_BYTES, PASSWORD } from "../helpers/fixtures";

type JsonBody<P extends keyof paths, M extends "post" | "patch" | "put"> = paths[P][M] extends {
  requestBody: { content: { "application/json": infer B } };
}
  ? B
  : never;

/** The README's openapi-fetch client, pointed at the Worker under test. */
function typedClient() {
  const ip = new Client().ip;
  return createClient<paths>({
    baseUrl: BASE,
    headers: { "CF-Connecting-IP": ip },
    fetch: (request) => exports.default.fetch(request),
  });
}

describe("the generated client (src/client/api-types.ts, openapi-fetch)", () => {
  it("registers, logs in and reads the profile through typed paths, bodies and parameters", async () => {
    const api = typedClient();
    const username = uniqueName("typed");
    const registration: JsonBody<"/users/register/", "post"> = {
      username,
      password1: PASSWORD,
      password2: PASSWORD,
    };
    const registered = await api.POST("/users/register/", { body: registration });
    expect(registered.response.status).toBe(201);

    const login = await api.POST("/user/login/", { body: { username, password: PASSWORD } });
    expect(login.response.status).toBe(200);
    if (!login.data) throw new Error(JSON.stringify(login.error));
    const { access, user } = login.data;
    expect(user.username).toBe(username);

    const profile = await api.GET("/users/{id}/", {
      params: { path: { id: user.id } },
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(profile.response.status).toBe(200);
    expect(profile.data).toMatchObject({ id: user.id, username });
  });

  it("uploads a file through a typed multipart body, no cast: a declared file field is a Blob", async () => {
    const me = await makeUserWithToken();
    const api = typedClient();
    const res = await api.PATCH("/users/user_details/", {
      headers: { Authorization: `Bearer ${me.access}` },
      body: {
        bio: "typed upload",
        profile_picture: new File([JPEG_BYTES], "me.jpg", { type: "image/jpeg" }),
      },
      bodySerializer: (fields) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
        return form;
      },
    });
    expect(res.response.status).toBe(200);
    if (!res.data) throw new Error(JSON.stringify(res.error));
    expect(res.data.payload.data.bio).toBe("typed upload");
    expect(res.data.payload.data.profile_picture).toMatch(/^\/media\/u\/\d+\/avatar\/.+\.jpg$/);
  });

  it("uploads the game avatar as the README shows: a multipart-only file field is a Blob, and a 413 is typed too", async () => {
    const me = await makeUserWithToken();
    const api = typedClient();
    const avatar: Blob = new File([JPEG_BYTES], "me.jpg", { type: "image/jpeg" });
    const res = await api.POST("/users/avatar/", {
      headers: { Authorization: `Bearer ${me.access}` },
      body: { avatar },
      bodySerializer: (fields) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
        return form;
      },
    });
    expect(res.response.status).toBe(200);
    if (!res.data) throw new Error(JSON.stringify(res.error));
    expect(res.data.avatar_url).toMatch(/^\/media\/u\/\d+\/avatar\/.+\.jpg$/);
    // Every answer's headers are documented; the rate limit's reset is epoch seconds.
    expect(Number(res.response.headers.get("X-Rate-Limit-Reset"))).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it("answers a documented error status through the same client", async () => {
    const api = typedClient();
    const res = await api.POST("/user/login/", {
      body: { username: uniqueName("nobody"), password: "wrong-password-1" },
    });
    expect(res.response.status).toBe(401);
    expect(res.error).toEqual({ detail: "No active account found with the given credentials" });
    // The error body is typed from the declarations of every error status (400 field errors, 401/403 detail).
    const detail: string | string[] | undefined = res.error?.detail;
    expect(detail).toBe("No active account found with the given credentials");
  });

  it("refuses, at compile time, bodies and paths the spec does not declare", () => {
    const api = typedClient();
    // Never sent: the point is that `npm run typecheck` rejects them.
    const rejected = () => {
      // @ts-expect-error password2 is required by POST /users/register/
      void api.POST("/users/register/", { body: { username: "u", password1: "p" } });
      // @ts-expect-error no such route
      void api.GET("/users/no-such-route/");
      // @ts-expect-error a path id is an integer, not its text
      void api.GET("/users/{id}/", { params: { path: { id: "1" } } });
    };
    expect(typeof rejected).toBe("function");
  });

  it("the test client's replies are typed the same way, and its untyped door is named", async () => {
    const client = new Client();
    const res = await client.post("/user/login/", {
      username: uniqueName("nobody"),
      password: "wrong-password-1",
    });
    expectStatus(res, 401);
    const detail: string = res.body.detail;
    expect(detail).toBe("No active account found with the given credentials");
    const rejected = () => {
      // @ts-expect-error no such route
      void client.get("/no-such-route/");
      // @ts-expect-error password is required by POST /user/login/
      void client.post("/user/login/", { username: "u" });
      // @ts-expect-error 418 is not a documented status of POST /user/login/
      expectStatus(res, 418);
    };
    expect(typeof rejected).toBe("function");
    expect((await client.raw.get("/no-such-route/")).status).toBe(404);
  });
});
