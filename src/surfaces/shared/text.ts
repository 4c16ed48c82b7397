// The one check every text field of every surface schema goes through: Django's CharField
// validators (ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator), and
// for text people read, no control characters either.
import * as z from "zod";
import type { FieldErrorCode } from "../../domain/errors";
import { SEARCH_MAX } from "../../domain/lists/search";

export const TEXT_MSG = {
  nullCharacters: "Null characters are not allowed.",
  surrogate: (codePoint: number) => `Surrogate characters are not allowed: U+${codePoint.toString(16).toUpperCase()}.`,
  control: (codePoint: number) => `Control characters are not allowed: U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}.`,
} as const;

/**
 * C0 and C1 controls and DEL, except tab, line feed and carriage return (a form's textarea
 * sends CRLF). NUL has its own, DRF's, message.
 */
const CONTROL = /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

/** Issues carry a stable code in `params`, which the validator passes on as the field error's code. */
function characters(refuseControls: boolean): z.core.CheckFn<unknown> {
  return (payload) => {
    const value = payload.value;
    if (typeof value !== "string") return;
    const push = (code: FieldErrorCode, message: string) => payload.issues.push({ code: "custom", message, input: value, params: { code } });
    if (value.includes("\u0000")) push("null_characters_not_allowed", TEXT_MSG.nullCharacters);
    if (!value.isWellFormed()) {
      const lone = [...value].find((ch) => ch.length === 1 && ch >= "\ud800" && ch <= "\udfff")!;
      push("surrogate_characters_not_allowed", TEXT_MSG.surrogate(lone.charCodeAt(0)));
    }
    const control = refuseControls ? CONTROL.exec(value)?.[0] : undefined;
    if (control) push("control_characters_not_allowed", TEXT_MSG.control(control.charCodeAt(0)));
  };
}

/** For text people read (names, addresses, emails, usernames): no NUL, lone surrogate or control character. */
export const textCharacters = characters(true);
/** For text that is only compared (passwords, tokens, codes): DRF's CharField rules alone. */
export const secretCharacters = characters(false);

export const text = () => z.string().check(textCharacters);
export const secret = () => z.string().check(secretCharacters);

/** A search or filter parameter: the text rules, and no longer than `max` (a 400, never a statement D1 refuses). */
export const searchText = (max: number = SEARCH_MAX) => text().max(max);
