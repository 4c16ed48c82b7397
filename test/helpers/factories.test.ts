import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "../../src/db/schema";
import { deactivate, makeCreator, makeUserWithToken, setScore, testDeps, viewerOf } from "./factories";

const stored = async (id: number) =>
  (await testDeps().db.select().from(users).where(eq(users.id, id)).get())!;

describe("factories go through the domain verbs", () => {
  it("groups replace the registered ones", async () => {
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    expect((await viewerOf(admin.access)).groups.sort()).toEqual(["admin", "visitor"]);
  });

  it("a creator is an approved applicant", async () => {
    const creator = await makeCreator();
    expect((await viewerOf(creator.access)).groups.sort()).toEqual(["creator", "visitor"]);
  });

  it("setScore and deactivate change the account, and deactivation ends its sessions", async () => {
    const u = await makeUserWithToken();
    await setScore(u.id, 42);
    expect((await stored(u.id)).score).toBe(42);
    await deactivate(u.id);
    expect((await stored(u.id)).isActive).toBe(false);
    await expect(viewerOf(u.access)).rejects.toThrow("viewerOf: the token resolves to no viewer");
  });
});
