// Flag checks shared by the bench and the soak: every knob has a range, so no typo runs away.

/** `value` as a number, or an error naming the flag when it is not one in [min, max]. */
export function bounded(value, min, max, name) {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new Error(`--${name} must be a number in [${min}, ${max}]`);
  return n;
}
