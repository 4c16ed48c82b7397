// src/surfaces/shared/drf-envelope.ts: every DRF surface words a field error as DRF's serializers do.
import { describe, expect, it } from "vitest";
import { validationError } from "../../../src/domain/errors";
import { defaultDrfEnvelope } from "../../../src/surfaces/shared/drf-envelope";
import { twimbolEnvelope } from "../../../src/surfaces/twimbol/errors";

const tooLong = validationError({
  bio: [
    {
      code: "max_length",
      message: "Ensure this value has at most 500 characters (it has 501).",
      params: { max: 500 },
    },
  ],
  child_id: [
    {
      code: "does_not_exist",
      message: "Select a valid choice. That choice is not one of the available choices.",
      params: { pk: 9 },
    },
  ],
});

describe("DRF field wording", () => {
  it.each([
    ["plain DRF (admin, unowned paths)", defaultDrfEnvelope],
    ["Twimbol", twimbolEnvelope],
  ])("%s: DRF's max-length and unknown-pk messages, not Django's form wording", (_name, envelope) => {
    expect(envelope.fromDomain(tooLong)).toEqual({
      status: 400,
      body: {
        bio: ["Ensure this field has no more than 500 characters."],
        child_id: ['Invalid pk "9" - object does not exist.'],
      },
    });
  });
});
