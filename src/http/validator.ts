import type * as z from "zod";
import { addFieldError, isFieldErrorCode, type FieldErrors } from "../domain/errors";

const REQUIRED = "This field is required.";

const TYPE_MESSAGES: Record<string, string> = {
  string: "Not a valid string.",
  number: "A valid number is required.",
  int: "A valid integer is required.",
  boolean: "Must be a valid boolean.",
  array: "Expected a list of items.",
  object: "Invalid data. Expected a dictionary.",
};

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The input a choice error names, as DRF prints a scalar; a list or an object is not spelled
 * out, since converting a deeply nested one would overflow the stack.
 */
const choiceInput = (value: unknown) =>
  value !== null && typeof value === "object" ? (Array.isArray(value) ? "[…]" : "{…}") : String(value);

/** A check of our own names its error (e.g. `null_characters_not_allowed`) so a surface can reword it. */
const customCode = (issue: z.core.$ZodIssue) =>
  issue.code === "custom" && typeof issue.params?.code === "string" && isFieldErrorCode(issue.params.code)
    ? issue.params.code
    : undefined;

/** Zod issues as Django/DRF field errors: missing fields say "This field is required.", and so on. */
export function zodFieldErrors(error: { issues: z.core.$ZodIssue[] }, data: unknown): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "non_field_errors";
    const missing = valueAt(data, issue.path) === undefined || valueAt(data, issue.path) === null;
    if (missing && issue.path.length) addFieldError(fields, field, "required", REQUIRED);
    else if (issue.code === "invalid_type")
      addFieldError(fields, field, "invalid", TYPE_MESSAGES[issue.expected] ?? issue.message);
    else if (issue.code === "too_big" && issue.origin === "string")
      addFieldError(
        fields,
        field,
        "max_length",
        `Ensure this field has no more than ${issue.maximum} characters.`,
      );
    else if (issue.code === "too_small" && issue.origin === "string" && Number(issue.minimum) === 1)
      addFieldError(fields, field, "blank", "This field may not be blank.");
    else if (issue.code === "invalid_value")
      addFieldError(
        fields,
        field,
        "invalid_choice",
        `"${choiceInput(valueAt(data, issue.path))}" is not a valid choice.`,
      );
    else addFieldError(fields, field, customCode(issue) ?? "invalid", issue.message);
  }
  return fields;
}
