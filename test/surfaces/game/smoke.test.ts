import { describe, expect, it } from "vitest";
import { Client } from "../../helpers/client";
import { uniqueName } from "../../helpers/factories";

describe("smoke", () => {
  it("registers and logs in", async () => {
    const c = new Client();
    const username = uniqueName();
    const r = await c.post("/users/register/", { username, password1: "Tr1cky-pass-word", password2: "Tr1cky-pass-word" });
    expect(r.status, r.text).toBe(201);
    const l = await c.post("/users/login/", { username, password: "Tr1cky-pass-word" });
    expect(l.status, l.text).toBe(200);
    const me = await c.get(`/users/${r.body.id}/`);
    expect(me.status, me.text).toBe(200);
  });
});
