export interface EventuallyOptions {
  /** How long to keep polling before failing the test. */
  timeoutMs?: number;
  /** What is awaited, for the failure message. */
  what?: string;
}

const describe = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/**
 * Polls `probe` until `until` holds of its value (by default: the value is truthy), for
 * effects that land after the response (deferred mail, notifications, a hub's bookkeeping).
 * A bounded wait, never a sleep: on timeout it throws, naming the last value seen, so a
 * test that waits for something can never pass on a value that did not arrive.
 */
export function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  options?: EventuallyOptions,
): Promise<T>;
export function eventually<T>(
  probe: () => Promise<T>,
  until: (value: T) => boolean,
  options?: EventuallyOptions,
): Promise<T>;
export async function eventually<T>(
  probe: () => Promise<T>,
  untilOrOptions?: ((value: T) => boolean) | EventuallyOptions,
  maybeOptions: EventuallyOptions = {},
): Promise<T> {
  const until = typeof untilOrOptions === "function" ? untilOrOptions : (value: T) => Boolean(value);
  const { timeoutMs = 3000, what = "condition" } =
    (typeof untilOrOptions === "function" ? maybeOptions : untilOrOptions) ?? {};
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (until(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`eventually: ${what} not met within ${timeoutMs} ms; last value: ${describe(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
