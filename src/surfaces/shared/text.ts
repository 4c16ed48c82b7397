// The one check every text field of every surface schema goes through: the domain's character
// rules (src/domain/text-rules.ts), as zod checks whose issues carry the field error's code.
import * as z from "zod";
import { SEARCH_MAX } from "../../domain/lists/search";
import { textViolations, type TextKind } from "../../domain/text-rules";

/** Issues carry a stable code in `params`, which the validator passes on as the field error's code. */
function characters(kind: TextKind): z.core.CheckFn<unknown> {
  return (payload) => {
    const value = payload.value;
    if (typeof value !== "string") return;
    for (const { code, message } of textViolations(value, kind))
      payload.issues.push({ code: "custom", message, input: value, params: { code } });
  };
}

/** For text people read (addresses, emails, bios, descriptions): no NUL, lone surrogate or control character but tab, LF, CR. */
export const textCharacters = characters("text");
/** For text that is only compared (passwords, tokens, codes): DRF's CharField rules alone. */
export const secretCharacters = characters("secret");
/** For one-line text a header or a list shows (names, titles, subjects, group names): no control, line break, separator or bidi control either. */
export const lineCharacters = characters("line");

export const text = () => z.string().check(textCharacters);
export const secret = () => z.string().check(secretCharacters);
export const line = () => z.string().check(lineCharacters);

/** A search or filter parameter: the text rules, and no longer than `max` (a 400, never a statement D1 refuses). */
export const searchText = (max: number = SEARCH_MAX) => text().max(max);
