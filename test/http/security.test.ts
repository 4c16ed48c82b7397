import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { makeUserWithToken } from "../helpers/factories";
import { claimsOf, forged } from "../helpers/tokens";

/** The same attacks against every route /openapi.json lists, so a new route cannot forget them. */
interface Operation {
  method: string;
  path: string;
  tag: string;
  auth: boolean;
}

async function operations(): Promise<Operation[]> {
  const spec = (await new Client().get("/openapi.json")).body as {
    paths: Record<string, Record<string, { tags: string[]; security?: unknown }>>;
  };
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      tag: op.tags[0]!,
      auth: Boolean(op.security),
    })),
  );
}

const concrete = (path: string, id = "1") => path.replace(/\{[^}]+\}/g, id);

const UNAUTHENTICATED: Record<string, unknown> = {
  game: { errors: "User is not authenticated." },
  twimbol: { detail: "Authentication credentials were not provided." },
  admin: { detail: "Authentication credentials were not provided." },
  mediacms: { detail: "Authentication credentials were not provided." },
  accounts: { detail: "Authentication credentials were not provided." },
  cocotree: { code: 1, error: "Authentication credentials were not provided." },
};

/** Routes whose seed words their 401 apart from the rest of their API. */
const UNAUTHENTICATED_OF_ROUTE: Record<string, unknown> = {
  "POST /api/v1/users/{username}/contact": { detail: "request need be authenticated" },
};

/** Routes whose original answers a caller without credentials 403, not 401 (MediaCMS: session authentication first). */
const STATUS_OF_ROUTE: Record<string, number> = {
  "DELETE /api/v1/users/{username}": 403,
};

describe("every auth-required route", () => {
  it("answers 401 in its API's envelope without credentials, with a forged token, and with a made-up cookie", async () => {
    const ops = (await operations()).filter((o) => o.auth);
    expect(ops.length).toBeGreaterThan(15);
    const u = await makeUserWithToken();
    const algNone = forged.algNone(claimsOf(u.access));
    const wrongKey = await forged.wrongSecret(claimsOf(u.access));
    for (const op of ops) {
      const attempts: Record<string, string>[] = [
        {},
        { Authorization: `Bearer ${algNone}` },
        { Authorization: `JWT ${wrongKey}` },
        { Cookie: "sessionid=forged" },
      ];
      for (const headers of attempts) {
        const res = await new Client().request(op.method, concrete(op.path), {
          json: op.method === "GET" ? undefined : {},
          headers,
        });
        expect(res.status, `${op.method} ${op.path} ${JSON.stringify(headers)}`).toBe(
          STATUS_OF_ROUTE[`${op.method} ${op.path}`] ?? 401,
        );
        expect(res.body, `${op.method} ${op.path}`).toEqual(
          UNAUTHENTICATED_OF_ROUTE[`${op.method} ${op.path}`] ?? UNAUTHENTICATED[op.tag],
        );
      }
    }
    // It walks every documented route: its time grows with the route count, not with the data.
  }, 60_000);
});

describe("every route", () => {
  it("never answers 500 to hostile input", async () => {
    const ops = await operations();
    const hostile: { body?: string; headers?: Record<string, string> }[] = [
      { body: '{"unterminated": ', headers: { "Content-Type": "application/json" } },
      { body: "null", headers: { "Content-Type": "application/json" } },
      {
        body: JSON.stringify({
          username: { $ne: null },
          user_id: [1],
          // oxlint-disable-next-line no-loss-of-precision -- 1e309 is Infinity on purpose: JSON.stringify sends null
          email: 1e309,
          refresh: null,
          __proto__: { admin: true },
        }),
        headers: { "Content-Type": "application/json" },
      },
      {
        body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
        headers: { "Content-Type": "multipart/form-data; boundary=y" },
      },
      { body: "a=%ZZ&b", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    ];
    for (const op of ops) {
      // A fresh user per route: some routes (delete, deactivate) end the caller's account.
      const u = await makeUserWithToken();
      for (const id of ["1", "99999999999999999999", "0"]) {
        for (const input of hostile) {
          const client = new Client().withToken(u.access);
          const res = await client.request(op.method, concrete(op.path, id), {
            body: op.method === "GET" ? undefined : input.body,
            headers: op.method === "GET" ? {} : input.headers,
          });
          expect(res.status, `${op.method} ${concrete(op.path, id)} ${input.body}`).toBeLessThan(500);
        }
      }
    }
    // It walks every documented route: its time grows with the route count, not with the data.
  }, 300_000);
});
