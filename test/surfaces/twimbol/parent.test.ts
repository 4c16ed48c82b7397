import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../../helpers/client";
import { makeUser, uniqueName } from "../../helpers/factories";
import { latestCode, mailsTo } from "../../helpers/outbox";

const parentEmail = () => `${uniqueName("parent")}@example.com`;

describe.each([
  ["/api/parent/request-otp/", "/api/parent/verify-otp/"],
  ["/api/parent/request_otp/", "/api/parent/verify_otp/"],
])("%s then %s", (request, verify) => {
  it("mails an OTP to the parent; the right one links the accounts", async () => {
    const child = await makeUser();
    const email = parentEmail();
    const sent = await new Client().post(request, { child_id: child.id, parent_email: email });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ message: "OTP sent to parent email." });
    const otp = await latestCode(email);
    const ok = await new Client().post(verify, { child_id: child.id, parent_email: email, otp_code: otp });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ message: "OTP verified successfully." });
    expect(
      await env.DB.prepare("SELECT parent_email FROM parent_links WHERE child_id = ?").bind(child.id).first(),
    ).toEqual({ parent_email: email });
    const again = await new Client().post(request, { child_id: child.id, parent_email: email.toUpperCase() });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ non_field_errors: ["This parent email is already linked."] });
  });

  it("400 Invalid OTP for a wrong code; the code dies after five wrong tries", async () => {
    const child = await makeUser();
    const email = parentEmail();
    await new Client().post(request, { child_id: child.id, parent_email: email });
    const otp = await latestCode(email);
    const wrong = otp === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      const res = await new Client().post(verify, {
        child_id: child.id,
        parent_email: email,
        otp_code: wrong,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ non_field_errors: ["Invalid OTP."] });
    }
    expect(
      (await new Client().post(verify, { child_id: child.id, parent_email: email, otp_code: otp })).body,
    ).toEqual({ non_field_errors: ["Invalid OTP."] });
  });

  it("400 OTP expired. for a right code past its 10 minutes", async () => {
    const child = await makeUser();
    const email = parentEmail();
    await new Client().post(request, { child_id: child.id, parent_email: email });
    const otp = await latestCode(email);
    // Time passing, without waiting for it: no verb backdates a row, so this one write is SQL.
    await env.DB.prepare("UPDATE one_time_codes SET expires_at = ? WHERE user_id = ?")
      .bind(Date.now() - 1, child.id)
      .run();
    const res = await new Client().post(verify, { child_id: child.id, parent_email: email, otp_code: otp });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ non_field_errors: ["OTP expired."] });
  });

  it("an OTP is bound to its parent email", async () => {
    const child = await makeUser();
    const email = parentEmail();
    await new Client().post(request, { child_id: child.id, parent_email: email });
    const otp = await latestCode(email);
    const res = await new Client().post(verify, {
      child_id: child.id,
      parent_email: parentEmail(),
      otp_code: otp,
    });
    expect(res.body).toEqual({ non_field_errors: ["Invalid OTP."] });
  });

  it("400 field errors for an unknown child, a bad email or missing fields", async () => {
    const res = await new Client().post(request, { child_id: 99999999, parent_email: "not-an-email" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      parent_email: ["Enter a valid email address."],
      child_id: ['Invalid pk "99999999" - object does not exist.'],
    });
    const missing = await new Client().post(verify, {});
    expect(missing.body).toEqual({
      child_id: ["This field is required."],
      parent_email: ["This field is required."],
      otp_code: ["This field is required."],
    });
  });
});

describe("POST /api/parent/request-otp/ caps distinct parent addresses a day", () => {
  const THROTTLED = { detail: "Request was throttled. Expected available in 86400 seconds." };
  const statuses = (replies: { status: number }[]) => replies.map((r) => r.status).sort();

  it("3 distinct addresses per child, under parallel requests from many IPs; repeats still pass", async () => {
    const child = await makeUser();
    const emails = Array.from({ length: 12 }, parentEmail);
    const replies = await Promise.all(
      emails.map((parent_email) =>
        new Client().post("/api/parent/request-otp/", { child_id: child.id, parent_email }),
      ),
    );
    expect(statuses(replies)).toEqual([...Array(3).fill(200), ...Array(9).fill(429)]);
    const refused = replies.find((r) => r.status === 429)!;
    expect(refused.body).toEqual(THROTTLED);
    expect(refused.headers.get("Retry-After")).toBe("86400");
    const mailed = [];
    for (const email of emails) if ((await mailsTo(email)).length) mailed.push(email);
    expect(mailed).toEqual(emails.filter((_, i) => replies[i]!.status === 200));
    const again = await new Client().post("/api/parent/request-otp/", {
      child_id: child.id,
      parent_email: mailed[0]!.toUpperCase(),
    });
    expect(again.status).toBe(200);
    const fourth = await new Client().post("/api/parent/request_otp/", {
      child_id: child.id,
      parent_email: parentEmail(),
    });
    expect(fourth.status).toBe(429);
    expect(fourth.body).toEqual(THROTTLED);
  });

  it("10 distinct child/address pairs per client IP, under parallel requests; repeats still pass", async () => {
    const children = [];
    for (let i = 0; i < 15; i++) children.push(await makeUser());
    const ip = new Client().ip;
    const fromIp = () => new Client({ "CF-Connecting-IP": ip });
    // One request first, so the parallel ones find the IP's rate-limit window already open.
    expect((await fromIp().get("/users/leaderboard/?limit=1")).status).toBe(200);
    const sameAddress = parentEmail();
    const asks = children.map((child, i) => ({
      child_id: child.id,
      parent_email: i % 2 ? sameAddress : parentEmail(),
    }));
    const replies = await Promise.all(asks.map((body) => fromIp().post("/api/parent/request-otp/", body)));
    expect(statuses(replies)).toEqual([...Array(10).fill(200), ...Array(5).fill(429)]);
    expect(replies.find((r) => r.status === 429)!.body).toEqual(THROTTLED);
    const accepted = asks.find((_, i) => replies[i]!.status === 200)!;
    expect((await fromIp().post("/api/parent/request-otp/", accepted)).status).toBe(200);
    const other = await new Client().post(
      "/api/parent/request-otp/",
      asks.find((_, i) => replies[i]!.status === 429)!,
    );
    expect(other.status).toBe(200);
  });

  it("the caps free up after a day", async () => {
    const child = await makeUser();
    for (let i = 0; i < 3; i++)
      expect(
        (
          await new Client().post("/api/parent/request-otp/", {
            child_id: child.id,
            parent_email: parentEmail(),
          })
        ).status,
      ).toBe(200);
    expect(
      (
        await new Client().post("/api/parent/request-otp/", {
          child_id: child.id,
          parent_email: parentEmail(),
        })
      ).status,
    ).toBe(429);
    // Time passing, without waiting for it: no verb backdates a row, so this one write is SQL.
    await env.DB.prepare(
      "UPDATE parent_otp_requests SET created_at = created_at - 86400000 WHERE child_id = ?",
    )
      .bind(child.id)
      .run();
    const later = await new Client().post("/api/parent/request-otp/", {
      child_id: child.id,
      parent_email: parentEmail(),
    });
    expect(later.status).toBe(200);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM parent_otp_requests WHERE child_id = ?")
        .bind(child.id)
        .first("n"),
    ).toBe(1);
  });

  it("a repeated pair keeps its first time, so repeating cannot hold a child's slots past the day", async () => {
    const child = await makeUser();
    const client = new Client();
    const body = { child_id: child.id, parent_email: parentEmail() };
    expect((await client.post("/api/parent/request-otp/", body)).status).toBe(200);
    // Time passing, without waiting for it: no verb backdates a row, so this one write is SQL.
    await env.DB.prepare(
      "UPDATE parent_otp_requests SET created_at = created_at - 3600000 WHERE child_id = ?",
    )
      .bind(child.id)
      .run();
    const first = await env.DB.prepare("SELECT created_at FROM parent_otp_requests WHERE child_id = ?")
      .bind(child.id)
      .first("created_at");
    expect((await client.post("/api/parent/request-otp/", body)).status).toBe(200);
    expect(
      await env.DB.prepare("SELECT created_at FROM parent_otp_requests WHERE child_id = ?")
        .bind(child.id)
        .first("created_at"),
    ).toBe(first);
  });

  it("an unknown child or a bad address is refused before it counts", async () => {
    const child = await makeUser();
    const client = new Client();
    for (let i = 0; i < 12; i++)
      expect(
        (await client.post("/api/parent/request-otp/", { child_id: child.id, parent_email: "not-an-email" }))
          .status,
      ).toBe(400);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM parent_otp_requests WHERE ip = ?")
        .bind(client.ip)
        .first("n"),
    ).toBe(0);
    expect(
      (await client.post("/api/parent/request-otp/", { child_id: child.id, parent_email: parentEmail() }))
        .status,
    ).toBe(200);
  });
});
