import { describe, expect, it } from "vitest";
import * as z from "zod";
import * as admin from "../../src/surfaces/admin/schemas";
import * as cocotreeAuth from "../../src/surfaces/cocotree/auth/routes";
import * as cocotreeFriends from "../../src/surfaces/cocotree/friends/routes";
import * as cocotreeUsers from "../../src/surfaces/cocotree/users/routes";
import * as game from "../../src/surfaces/game/schemas";
import * as mediacmsTwoFactor from "../../src/surfaces/mediacms/two-factor/routes";
import * as mediacmsUsers from "../../src/surfaces/mediacms/users/routes";
import * as notifications from "../../src/surfaces/twimbol/notifications/wire";
import { reelListQuery, searchQuery } from "../../src/surfaces/twimbol/reels/wire";
import * as twimbol from "../../src/surfaces/twimbol/schemas";
import { dashboardQuery, uploadStartBody, videoCreateFields } from "../../src/surfaces/twimbol/videos/wire";

/** Every field of every surface schema that takes text; file parts (`upload()`) and fields a route checks itself (`checkedByRoute()`) pass anything: zod's catch. */
function textFields() {
  const out: [string, z.ZodType][] = [];
  // Of the modules that also hold response schemas, the request schemas only.
  const twimbolReels = { reelListQuery, searchQuery };
  const twimbolVideos = { dashboardQuery, uploadStartBody, videoCreateFields };
  const modules = {
    admin,
    cocotreeAuth,
    cocotreeFriends,
    cocotreeUsers,
    game,
    mediacmsTwoFactor,
    mediacmsUsers,
    notifications,
    twimbol,
    twimbolReels,
    twimbolVideos,
  };
  for (const [surface, module] of Object.entries(modules)) {
    for (const [name, schema] of Object.entries(module)) {
      if (!(schema instanceof z.ZodObject)) continue;
      for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
        const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
        if (inner instanceof z.ZodAny || inner instanceof z.ZodCatch || !field.safeParse("plain").success)
          continue;
        out.push([`${surface}.${name}.${key}`, field]);
      }
    }
  }
  return out;
}

const messages = (result: { success: boolean; error?: z.ZodError }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe("every text field of every surface schema", () => {
  it("refuses a NUL and a lone surrogate with DRF's messages", () => {
    const fields = textFields();
    expect(fields.length).toBeGreaterThan(50);
    for (const [name, field] of fields) {
      expect(messages(field.safeParse("a\u0000b")), name).toContain("Null characters are not allowed.");
      expect(messages(field.safeParse("a\udc00b")), name).toContain(
        "Surrogate characters are not allowed: U+DC00.",
      );
    }
  });
});

/** Header-like fields: one line a header, a title bar or a list shows. */
const LINE_FIELDS = [
  "game.profilePatchBody.first_name",
  "game.profilePatchBody.last_name",
  "twimbol.profileUpdateFields.first_name",
  "twimbol.profileUpdateFields.last_name",
  "twimbol.postCreateFields.post_title",
  "twimbol.postUpdateFields.post_title",
  "twimbolVideos.videoCreateFields.title",
  "twimbolVideos.uploadStartBody.filename",
  "cocotreeFriends.groupBody.group",
];

describe("every header-like field (names, titles, subjects, group names)", () => {
  it("refuses every control, line and paragraph separators and bidi controls; other text fields take tab and line breaks", () => {
    const fields = new Map(textFields());
    const refused: [string, string][] = [
      ["a\tb", "Control characters are not allowed: U+0009."],
      ["a\nb", "Control characters are not allowed: U+000A."],
      ["a\u000bb", "Control characters are not allowed: U+000B."],
      ["a\u0085b", "Control characters are not allowed: U+0085."],
      ["a\u2028b", "Line and paragraph separators are not allowed: U+2028."],
      ["a\u2029b", "Line and paragraph separators are not allowed: U+2029."],
      ["a\u202eb", "Bidirectional control characters are not allowed: U+202E."],
      ["a\u2066b", "Bidirectional control characters are not allowed: U+2066."],
      ["a\u200fb", "Bidirectional control characters are not allowed: U+200F."],
    ];
    for (const name of LINE_FIELDS) {
      const field = fields.get(name);
      expect(field, name).toBeDefined();
      for (const [value, message] of refused)
        expect(messages(field!.safeParse(value)), `${name} ${JSON.stringify(value)}`).toEqual([message]);
      expect(field!.safeParse("Été — 北京 🎬 O'Brien").success, name).toBe(true);
    }
    for (const name of ["cocotreeUsers.detailsFields.bio", "twimbol.postCreateFields.post_description"]) {
      expect(fields.get(name)!.safeParse("one\ttwo\r\nthree \u202eflipped").success, name).toBe(true);
    }
  });
});
