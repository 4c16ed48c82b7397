import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client } from "../../helpers/client";
import { makeUser, uniqueName } from "../../helpers/factories";
import { latestCode } from "../../helpers/outbox";

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
    expect(await env.DB.prepare("SELECT parent_email FROM parent_links WHERE child_id = ?").bind(child.id).first()).toEqual({ parent_email: email });
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
      const res = await new Client().post(verify, { child_id: child.id, parent_email: email, otp_code: wrong });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ non_field_errors: ["Invalid OTP."] });
    }
    expect((await new Client().post(verify, { child_id: child.id, parent_email: email, otp_code: otp })).body).toEqual({ non_field_errors: ["Invalid OTP."] });
  });

  it("400 OTP expired. for a right code past its 10 minutes", async () => {
    const child = await makeUser();
    const email = parentEmail();
    await new Client().post(request, { child_id: child.id, parent_email: email });
    const otp = await latestCode(email);
    await env.DB.prepare("UPDATE one_time_codes SET expires_at = ? WHERE user_id = ?").bind(Date.now() - 1, child.id).run();
    const res = await new Client().post(verify, { child_id: child.id, parent_email: email, otp_code: otp });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ non_field_errors: ["OTP expired."] });
  });

  it("an OTP is bound to its parent email", async () => {
    const child = await makeUser();
    const email = parentEmail();
    await new Client().post(request, { child_id: child.id, parent_email: email });
    const otp = await latestCode(email);
    const res = await new Client().post(verify, { child_id: child.id, parent_email: parentEmail(), otp_code: otp });
    expect(res.body).toEqual({ non_field_errors: ["Invalid OTP."] });
  });

  it("400 field errors for an unknown child, a bad email or missing fields", async () => {
    const res = await new Client().post(request, { child_id: 99999999, parent_email: "not-an-email" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ parent_email: ["Enter a valid email address."], child_id: ['Invalid pk "99999999" - object does not exist.'] });
    const missing = await new Client().post(verify, {});
    expect(missing.body).toEqual({ child_id: ["This field is required."], parent_email: ["This field is required."], otp_code: ["This field is required."] });
  });
});
