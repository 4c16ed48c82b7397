// The character rules of every text field of every API, in one place so a surface's schema and a
// verb that reads its input late (the contact mail) refuse the same characters with the same words.
import type { FieldErrorCode } from "./errors";

/**
 * - `secret`: compared only (passwords, tokens, codes): Django's CharField rules, no NUL or lone surrogate.
 * - `text`: read by people (bios, descriptions, emails): also no control character but tab, LF and CR.
 * - `line`: one line a header or a list shows (names, titles, subjects, group names): also no tab,
 *   line break, line or paragraph separator, or bidirectional control (which reorders what follows).
 */
export type TextKind = "secret" | "text" | "line";

export interface TextViolation {
  code: FieldErrorCode;
  message: string;
}

const hex = (ch: string) => ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");

/** Django's messages for the first two; ours, in the same form, for the rest. */
export const TEXT_MSG = {
  nullCharacters: "Null characters are not allowed.",
  surrogate: (ch: string) =>
    `Surrogate characters are not allowed: U+${ch.charCodeAt(0).toString(16).toUpperCase()}.`,
  control: (ch: string) => `Control characters are not allowed: U+${hex(ch)}.`,
  separator: (ch: string) => `Line and paragraph separators are not allowed: U+${hex(ch)}.`,
  bidi: (ch: string) => `Bidirectional control characters are not allowed: U+${hex(ch)}.`,
} as const;

/** C0 and C1 controls and DEL but tab, LF and CR (a textarea sends CRLF); NUL has its own message. */
const CONTROL_IN_TEXT = /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
/** Every control but NUL. */
const CONTROL_IN_LINE = /[\x01-\x1f\x7f-\x9f]/;
const SEPARATOR = /[\u2028\u2029]/;
/** Unicode's Bidi_Control characters. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Line boundaries as Python's str.splitlines() finds them: what a mail header must never hold. */
export const LINE_BREAK = /[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]/;

/** What `value` holds that a field of this kind refuses: each rule once, for its first offending character. */
export function textViolations(value: string, kind: TextKind): TextViolation[] {
  const out: TextViolation[] = [];
  if (value.includes("\u0000"))
    out.push({ code: "null_characters_not_allowed", message: TEXT_MSG.nullCharacters });
  if (!value.isWellFormed()) {
    const lone = [...value].find((ch) => ch.length === 1 && ch >= "\ud800" && ch <= "\udfff")!;
    out.push({ code: "surrogate_characters_not_allowed", message: TEXT_MSG.surrogate(lone) });
  }
  if (kind === "secret") return out;
  const control = (kind === "line" ? CONTROL_IN_LINE : CONTROL_IN_TEXT).exec(value)?.[0];
  if (control) out.push({ code: "control_characters_not_allowed", message: TEXT_MSG.control(control) });
  if (kind === "text") return out;
  const separator = SEPARATOR.exec(value)?.[0];
  if (separator)
    out.push({ code: "separator_characters_not_allowed", message: TEXT_MSG.separator(separator) });
  const bidi = BIDI.exec(value)?.[0];
  if (bidi) out.push({ code: "bidi_characters_not_allowed", message: TEXT_MSG.bidi(bidi) });
  return out;
}
