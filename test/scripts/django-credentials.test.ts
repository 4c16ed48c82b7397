// Issue 24 item 3: nobody is signed out at the cutover. The old system's SimpleJWT tokens, its
// django_session cookies and its DRF Token keys work here while DJANGO_SECRET_KEY is set, never
// without it, and end at the same events as this service's own credentials.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { planImport, type DumpRecord, type ExistingUser, type PlanOptions } from "../../scripts/import/plan";
import { decodeSessionData } from "../../scripts/import/django-session";
import { UntypedClient, expectStatus } from "../helpers/client";
import { adminUpdate } from "../helpers/factories";
import { DJANGO_KEY, WITH_KEY, djangoSessionData, loggedInSession, simpleJwt } from "../helpers/django";
import djangoMade from "../fixtures/django-sessions/django.json";

const PASSWORD = "correct-Horse-battery-9";
const MD5 = "md5$ikfv2uexTka3X8rz232d7z$1949d3cfc54071a9a0bbd5bea77205a2";
const TOKEN_INVALID = { detail: "Token is invalid or expired", code: "token_not_valid" };

const keyed = () => new UntypedClient({}, WITH_KEY);
const keyless = () => new UntypedClient();

async function runImport(records: DumpRecord[], options: PlanOptions = {}) {
  const existing = (await env.DB.prepare("SELECT id, username_key, email_key FROM users").all<ExistingUser>())
    .results;
  const plan = planImport(records, existing, options);
  for (const { statements } of plan.tables) for (const sql of statements) await env.DB.prepare(sql).run();
  return plan;
}

let nextId = 63_000;
/** One Django user with the old system's credentials of every kind, imported with the key. */
async function importedUser() {
  const id = nextId++;
  const username = `legacy_${id}`;
  const sessionKey = `sess${id}abcdefghijklmnopqrstuvw`.slice(0, 32);
  const drfKey = `${id}`.padStart(40, "a");
  await runImport(
    [
      {
        model: "auth.user",
        pk: id,
        fields: { username, password: MD5, email: `${username}@example.com`, is_active: true },
      },
      {
        model: "sessions.session",
        pk: sessionKey,
        fields: {
          session_data: djangoSessionData(loggedInSession(id, MD5)),
          expire_date: "2099-01-01T00:00:00Z",
        },
      },
      { model: "authtoken.token", pk: drfKey, fields: { user: id, created: "2024-05-01T00:00:00Z" } },
    ],
    { djangoSecretKey: DJANGO_KEY },
  );
  return {
    id,
    username,
    sessionKey,
    drfKey,
    refresh: await simpleJwt("refresh", id),
    access: await simpleJwt("access", id),
  };
}
type Imported = Awaited<ReturnType<typeof importedUser>>;

const cookie = (key: string) => ({ headers: { Cookie: `sessionid=${key}` } });
const drf = (key: string) => ({ headers: { Authorization: `Token ${key}` } });
const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

/** Each credential, asked for its own user on the API that speaks it; answers the statuses. */
async function statuses(u: Imported, client: () => UntypedClient = keyed) {
  return {
    refresh: (await client().post("/api/token/refresh/", { refresh: u.refresh })).status,
    access: (await client().get("/user/api/profile/", bearer(u.access))).status,
    session: (await client().get(`/users/${u.id}/`, cookie(u.sessionKey))).status,
    drf: (await client().get("/api/v1/whoami", drf(u.drfKey))).status,
  };
}
const ALL_OK = { refresh: 200, access: 200, session: 200, drf: 200 };
const ALL_REFUSED = { refresh: 401, access: 401, session: 401, drf: 401 };

const count = (sql: string, ...binds: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...binds)
    .first<number>("n");

describe("the old system's credentials with DJANGO_SECRET_KEY", () => {
  it("each works, as its own user, on the API that speaks it", async () => {
    const u = await importedUser();
    const refreshed = await keyed().post("/api/token/refresh/", { refresh: u.refresh });
    expectStatus(refreshed, 200);
    expect(refreshed.body).toEqual({ access: expect.any(String) });
    const me = await keyed().get("/user/api/profile/", bearer(refreshed.body.access));
    expectStatus(me, 200);
    expect(JSON.stringify(me.body)).toContain(u.username);
    const viaAccess = await keyed().get("/user/api/profile/", bearer(u.access));
    expectStatus(viaAccess, 200);
    expect(viaAccess.body).toEqual(me.body);
    const game = await keyed().get(`/users/${u.id}/`, cookie(u.sessionKey));
    expectStatus(game, 200);
    expect(game.body).toMatchObject({ id: u.id, username: u.username });
    const cinemata = await keyed().get("/api/v1/whoami", drf(u.drfKey));
    expectStatus(cinemata, 200);
    expect(cinemata.body).toMatchObject({ username: u.username });
    // The cookie is the Cinemata site's too, and a DRF key works on every API.
    expect((await keyed().get("/api/v1/whoami", cookie(u.sessionKey))).status).toBe(200);
    expect((await keyed().get(`/users/${u.id}/`, drf(u.drfKey))).status).toBe(200);
  });

  it("each can edit Cocotree details, whose answer is a fresh access token for the same session", async () => {
    const u = await importedUser();
    // As for this service's own API keys, an access token never opens a key's session.
    const cases = [
      [bearer(u.access), 200],
      [cookie(u.sessionKey), 200],
      [drf(u.drfKey), 401],
    ] as const;
    for (const [init, tokenOpens] of cases) {
      const res = await keyed().patch("/users/user_details/", { bio: "moved in" }, init);
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        code: 0,
        payload: { message: "User info updated successfully", token: expect.any(String) },
      });
      expect((await keyed().get("/user/api/profile/", bearer(res.body.payload.token))).status).toBe(
        tokenOpens,
      );
    }
  });

  it("a SimpleJWT refresh token is exchanged once for one session, which it then refreshes like this service's own", async () => {
    const u = await importedUser();
    const first = await keyed().post("/api/token/refresh", { refresh: u.refresh });
    const again = await keyed().post("/api/token/refresh/", { refresh: u.refresh });
    expectStatus(first, 200);
    expectStatus(again, 200);
    expect(
      await count("SELECT count(*) AS n FROM sessions WHERE user_id = ? AND django = 'refresh'", u.id),
    ).toBe(1);
    // Twimbol's clients keep only `access` and present the same refresh token again 15 minutes later.
    expect((await keyed().get("/user/api/profile/", bearer(again.body.access))).status).toBe(200);
  });

  it("parallel first uses of one refresh token make one session and record its jti once", async () => {
    const u = await importedUser();
    const jti = "parallel-" + u.id;
    const refresh = await simpleJwt("refresh", u.id, { jti });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => keyed().post("/api/token/refresh/", { refresh })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(
      await count("SELECT count(*) AS n FROM sessions WHERE user_id = ? AND django = 'refresh'", u.id),
    ).toBe(1);
    expect(await count("SELECT count(*) AS n FROM django_token_uses WHERE jti = ?", jti)).toBe(1);
    const access = await Promise.all(
      Array.from({ length: 6 }, () => simpleJwt("access", u.id, { jti: "acc-" + u.id })),
    );
    const seen = await Promise.all(access.map((t) => keyed().get("/user/api/profile/", bearer(t))));
    expect(seen.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(
      await count("SELECT count(*) AS n FROM sessions WHERE user_id = ? AND django = 'access'", u.id),
    ).toBe(1);
  });

  it("refuses a token of the wrong kind, signed with another key, expired, or of an unknown user", async () => {
    const u = await importedUser();
    const refused = [
      await simpleJwt("access", u.id), // an access token is no refresh token
      await simpleJwt("refresh", u.id, { key: "another-django-secret-key" }),
      await simpleJwt("refresh", u.id, { exp: -10 }),
      await simpleJwt("refresh", 999_999_999),
    ];
    for (const refresh of refused) {
      const res = await keyed().post("/api/token/refresh/", { refresh });
      expectStatus(res, 401);
      expect(res.body).toEqual(TOKEN_INVALID);
    }
    for (const token of [
      u.refresh,
      await simpleJwt("access", u.id, { exp: -10 }),
      await simpleJwt("access", u.id, { key: "another-django-secret-key" }),
    ]) {
      expect((await keyed().get("/user/api/profile/", bearer(token))).status).toBe(401);
    }
    expect(
      await count(
        "SELECT count(*) AS n FROM sessions WHERE user_id = ? AND django IN ('refresh', 'access')",
        u.id,
      ),
    ).toBe(0);
  });
});

describe("without DJANGO_SECRET_KEY", () => {
  it("none of them is accepted, not even one already exchanged, and each comes back with the key", async () => {
    const u = await importedUser();
    const before = await keyless().post("/api/token/refresh/", { refresh: u.refresh });
    expectStatus(before, 401);
    expect(before.body).toEqual(TOKEN_INVALID);
    expect(await statuses(u, keyless)).toEqual(ALL_REFUSED);
    const bodies = [
      await keyless().get("/user/api/profile/", bearer(u.access)),
      await keyless().get(`/users/${u.id}/`, cookie(u.sessionKey)),
      await keyless().get("/api/v1/whoami", drf(u.drfKey)),
    ].map((r) => r.body);
    expect(bodies).toEqual([
      { detail: "Authentication credentials were not provided." },
      { errors: "User is not authenticated." },
      { detail: "Authentication credentials were not provided." },
    ]);
    // Exchanged and seen while the key was set: still refused once it is removed.
    const exchanged = await keyed().post("/api/token/refresh/", { refresh: u.refresh });
    expectStatus(exchanged, 200);
    expect((await keyed().get("/user/api/profile/", bearer(u.access))).status).toBe(200);
    expect((await keyless().get("/user/api/profile/", bearer(exchanged.body.access))).status).toBe(401);
    expect(await statuses(u, keyless)).toEqual(ALL_REFUSED);
    expect(await statuses(u)).toEqual(ALL_OK);
  });
});

describe("they end at the same events as native credentials", () => {
  it("logout with each ends that one only", async () => {
    const u = await importedUser();
    expect((await keyed().post("/user/logout/", undefined, bearer(u.access))).status).toBe(302);
    expect((await keyed().post("/users/logout/", undefined, cookie(u.sessionKey))).status).toBe(200);
    expect(await statuses(u)).toEqual({ refresh: 200, access: 401, session: 401, drf: 200 });
    const refreshed = await keyed().post("/api/token/refresh/", { refresh: u.refresh });
    expect((await keyed().post("/user/logout/", undefined, bearer(refreshed.body.access))).status).toBe(302);
    // The exchanged refresh token's session ended, and its jti is spent: it starts no other.
    expect((await keyed().post("/api/token/refresh/", { refresh: u.refresh })).body).toEqual(TOKEN_INVALID);
  });

  it("a password change ends every other one, those never presented yet included", async () => {
    const u = await importedUser();
    const login = await keyless().post("/user/login/", { username: u.username, password: PASSWORD });
    expectStatus(login, 200);
    const change = await keyless().put(
      "/user/change-password/",
      { old_password: PASSWORD, new_password: "Another-horse-42" },
      bearer(login.body.access),
    );
    expectStatus(change, 200);
    expect(await statuses(u)).toEqual(ALL_REFUSED);
    expect((await keyless().get("/user/api/profile/", bearer(login.body.access))).status).toBe(200);
  });

  it("a ban ends all of them, the ones already exchanged included", async () => {
    const u = await importedUser();
    const refreshed = await keyed().post("/api/token/refresh/", { refresh: u.refresh });
    expectStatus(refreshed, 200);
    await adminUpdate(u.id, { isBanned: true });
    await adminUpdate(u.id, { isBanned: false });
    expect(await statuses(u)).toEqual(ALL_REFUSED);
    expect((await keyed().get("/user/api/profile/", bearer(refreshed.body.access))).status).toBe(401);
    expect((await keyed().get("/user/api/profile/", bearer(await simpleJwt("access", u.id)))).status).toBe(
      401,
    );
  });
});

describe("npm run import carries django_session rows and DRF keys", () => {
  it("reads a session Django itself wrote, with the key", () => {
    expect(decodeSessionData(djangoMade.session_data, djangoMade.secret_key)).toEqual(djangoMade.session);
    expect(decodeSessionData(djangoMade.session_data, DJANGO_KEY + "x")).toBeNull();
    const user = {
      model: "auth.user",
      pk: djangoMade.user_id,
      fields: { username: "amira", password: djangoMade.password_hash },
    };
    const session = {
      model: "sessions.session",
      pk: djangoMade.session_key,
      fields: { session_data: djangoMade.session_data, expire_date: "2099-01-01T00:00:00Z" },
    };
    const rows = (plan: ReturnType<typeof planImport>) =>
      plan.tables.find((t) => t.table === "sessions")!.rows;
    // The unseen-tokens row, and the session.
    expect(rows(planImport([user, session], [], { djangoSecretKey: djangoMade.secret_key }))).toBe(2);
    // A password changed in Django since voids the session (its _auth_user_hash no longer matches).
    expect(
      rows(
        planImport([{ ...user, fields: { ...user.fields, password: MD5 } }, session], [], {
          djangoSecretKey: djangoMade.secret_key,
        }),
      ),
    ).toBe(1);
    // No key: sessions are not read, and the plan says so.
    const keyless = planImport([user, session], []);
    expect(rows(keyless)).toBe(1);
    expect(keyless.ignored).toEqual({ "sessions.session (no DJANGO_SECRET_KEY)": 1 });
  });

  it("stores only hashes, skips expired sessions, and a re-run revives nothing that ended", async () => {
    const id = nextId++;
    const records: DumpRecord[] = [
      { model: "auth.user", pk: id, fields: { username: `rerun_${id}`, password: MD5 } },
      {
        model: "sessions.session",
        pk: `live${id}`,
        fields: {
          session_data: djangoSessionData(loggedInSession(id, MD5)),
          expire_date: "2099-01-01T00:00:00Z",
        },
      },
      {
        model: "sessions.session",
        pk: `gone${id}`,
        fields: {
          session_data: djangoSessionData(loggedInSession(id, MD5)),
          expire_date: "2001-01-01T00:00:00Z",
        },
      },
      { model: "authtoken.token", pk: `key${id}`, fields: { user: id, created: "2024-05-01T00:00:00Z" } },
    ];
    await runImport(records, { djangoSecretKey: DJANGO_KEY });
    const stored = (
      await env.DB.prepare("SELECT kind, django, secret_hash FROM sessions WHERE user_id = ? ORDER BY id")
        .bind(id)
        .all()
    ).results;
    expect(stored.map((r) => [r.kind, r.django])).toEqual([
      ["token", "unseen"],
      ["cookie", "session"],
      ["key", "drf"],
    ]);
    expect(JSON.stringify(stored)).not.toContain(`live${id}`);
    expect((await keyed().get(`/users/${id}/`, cookie(`gone${id}`))).status).toBe(401);
    expect((await keyed().post("/users/logout/", undefined, cookie(`live${id}`))).status).toBe(200);
    await runImport(records, { djangoSecretKey: DJANGO_KEY });
    expect((await keyed().get(`/users/${id}/`, cookie(`live${id}`))).status).toBe(401);
    expect(await count("SELECT count(*) AS n FROM sessions WHERE user_id = ?", id)).toBe(2);
  });
});
