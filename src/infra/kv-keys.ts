/**
 * Every key the service reads or writes in KV (binding `KV`), by prefix. Nothing else
 * builds one, so two features cannot collide and each prefix can be listed on its own
 * (`kv.list({ prefix })`). Changing a scheme orphans what is stored under the old one:
 * rate-limit windows and lock caches expire by TTL, so that is harmless but not free.
 * KV refuses keys over 512 bytes; both writers fail open on a refused key.
 *
 * | prefix  | holds                                               | lifetime                          |
 * |---------|-----------------------------------------------------|-----------------------------------|
 * | `rl:`   | a client's request count in one rate-limit window   | TTL 120 s (two windows)           |
 * | `lock:` | "locked until" (epoch ms) cached for a login name   | TTL until the lock ends, ≥ 60 s   |
 * | `play:`  | "this viewer has played this video this hour"       | TTL 3600 s                        |
 * | `healthz` | nothing: read by the health probe, never written  | —                                 |
 */
export const KV_PREFIXES = ["rl:", "lock:", "play:", "healthz"] as const;

export const kvKeys = {
  /** `client` is the caller's IP (CF-Connecting-IP) or "anonymous"; `window` the minute since the epoch. */
  rateLimit: (client: string, window: number) => `rl:${client}:${window}`,
  /** `loginKey` is the login name as accounts are keyed (`usernameKey`: normalized, case-folded). */
  lock: (loginKey: string) => `lock:${loginKey}`,
  /** `viewer` is `u<userId>` or `ip<address>`; `videoKey` the R2 key of the played file (at most 1024 bytes: KV may refuse it). */
  play: (viewer: string, videoKey: string) => `play:${viewer}:${videoKey}`,
  /** A key that is never written: reading it proves KV answers. */
  healthProbe: () => "healthz",
} as const;
