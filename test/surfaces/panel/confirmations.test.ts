// Issue 25 item 3: ban, deactivate and reset two-factor (like delete) ask on a second page; one click changes nothing.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeUser } from "../../helpers/factories";
import { signedIn } from "../../helpers/panel";

const row = (id: number) =>
  env.DB.prepare("SELECT is_active, is_banned FROM users WHERE id = ?")
    .bind(id)
    .first<{ is_active: number; is_banned: number }>();

describe("panel confirmations", () => {
  it("the user page links to a confirmation page for each destructive action, and has no one-click form for them", async () => {
    const client = await signedIn(await makeUser({ groups: ["visitor", "admin"] }));
    const target = await makeUser();
    const detail = await client.page(`/admin/users/${target.id}/`);
    expect(detail.status).toBe(200);
    for (const action of ["ban", "deactivate", "reset-2fa", "delete"]) {
      expect(detail.text).toContain(`href="/admin/users/${target.id}/${action}/"`);
      expect(detail.text).not.toContain(`action="/admin/users/${target.id}/${action}/"`);
    }
  });

  for (const [action, heading, button] of [
    ["ban", "Ban", "Yes, ban"],
    ["deactivate", "Deactivate", "Yes, deactivate"],
    ["reset-2fa", "Reset two-factor of", "Yes, reset two-factor of"],
  ] as const) {
    it(`${action}: the second page asks, changes nothing, and its form does it`, async () => {
      const client = await signedIn(await makeUser({ groups: ["visitor", "admin"] }));
      const target = await makeUser();
      const confirm = await client.page(`/admin/users/${target.id}/${action}/`);
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain(`${heading} ${target.username}?`);
      expect(confirm.text).toContain(`action="/admin/users/${target.id}/${action}/"`);
      expect(confirm.text).toContain(`${button} ${target.username}`);
      expect(confirm.text).toContain(`href="/admin/users/${target.id}/"`);
      expect(await row(target.id)).toEqual({ is_active: 1, is_banned: 0 });
      const done = await client.submit(`/admin/users/${target.id}/${action}/`);
      expect(done.status).toBe(303);
      expect(done.headers.get("Location")).toBe(`/admin/users/${target.id}/?done=${action}`);
      if (action === "ban") expect(await row(target.id)).toEqual({ is_active: 1, is_banned: 1 });
      if (action === "deactivate") expect(await row(target.id)).toEqual({ is_active: 0, is_banned: 0 });
    });
  }
});
