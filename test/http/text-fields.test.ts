import { describe, expect, it } from "vitest";
import * as z from "zod";
import * as admin from "../../src/surfaces/admin/schemas";
import * as game from "../../src/surfaces/game/schemas";
import * as notifications from "../../src/surfaces/twimbol/notification-schemas";
import * as twimbol from "../../src/surfaces/twimbol/schemas";

/** Every field of every surface schema that takes text; file parts (z.any) are read apart. */
function textFields() {
  const out: [string, z.ZodType][] = [];
  for (const [surface, module] of Object.entries({ admin, game, notifications, twimbol })) {
    for (const [name, schema] of Object.entries(module)) {
      if (!(schema instanceof z.ZodObject)) continue;
      for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
        const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
        if (inner instanceof z.ZodAny || !field.safeParse("plain").success) continue;
        out.push([`${surface}.${name}.${key}`, field]);
      }
    }
  }
  return out;
}

const messages = (result: { success: boolean; error?: z.ZodError }) => result.error?.issues.map((i) => i.message) ?? [];

describe("every text field of every surface schema", () => {
  it("refuses a NUL and a lone surrogate with DRF's messages", () => {
    const fields = textFields();
    expect(fields.length).toBeGreaterThan(25);
    for (const [name, field] of fields) {
      expect(messages(field.safeParse("a\u0000b")), name).toContain("Null characters are not allowed.");
      expect(messages(field.safeParse("a\udc00b")), name).toContain("Surrogate characters are not allowed: U+DC00.");
    }
  });
});
