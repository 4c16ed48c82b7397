// What the soak believes it wrote, and the check of the database against it at the end.
// No Node APIs here: test/bench/harness.test.ts runs readState() and compare() in workerd
// against the real migrations, so a renamed column fails the suite instead of the soak's check.

/**
 * How a write ended, as its client saw it. A 2xx landed and a 4xx was refused; a 5xx or a lost
 * connection (status 0) may or may not have landed, so afterwards either value is acceptable.
 */
export function outcome(status) {
  if (status >= 200 && status < 300) return "ok";
  if (status >= 400 && status < 500) return "refused";
  return "unknown";
}

/** Per user the last last_name it saw land; per directed pair the last follow state a toggle reported. */
export class Ledger {
  names = new Map();
  follows = new Map();

  /**
   * The user read its own profile between its own writes: the first read is the value to expect
   * if no write ever lands; every later one must show the last write that landed (or one that
   * may have), and settles which when an earlier answer was unknown. False on a stale read.
   */
  readName(userId, actual) {
    const entry = this.names.get(userId);
    if (!entry) {
      this.names.set(userId, { value: actual, maybe: new Set() });
      return true;
    }
    if (actual !== entry.value && !entry.maybe.has(actual)) return false;
    record(entry, "ok", actual);
    return true;
  }

  wroteName(userId, value, status) {
    const entry = this.names.get(userId);
    if (!entry) throw new Error(`user ${userId} wrote a name before reading its own profile`);
    record(entry, outcome(status), value, [value]);
  }

  /** `following` is what the toggle's answer says the state now is (undefined unless it landed). */
  toggledFollow(followerId, followeeId, following, status) {
    const key = `${followerId}>${followeeId}`;
    if (!this.follows.has(key))
      this.follows.set(key, { followerId, followeeId, value: undefined, maybe: new Set() });
    // A toggle that may have landed leaves either state possible until the next answer says which.
    record(this.follows.get(key), outcome(status), following, [true, false]);
  }

  userIds() {
    const ids = new Set(this.names.keys());
    for (const { followerId, followeeId } of this.follows.values()) ids.add(followerId).add(followeeId);
    return [...ids];
  }
}

function record(entry, result, value, possible) {
  if (result === "ok") {
    entry.value = value;
    entry.maybe.clear();
  } else if (result === "unknown") {
    for (const v of possible) entry.maybe.add(v);
  }
}

/** The stored last_name of every user and the follows among them. json_each: D1 binds at most 100 values. */
export async function readState(db, userIds) {
  const ids = JSON.stringify(userIds);
  const names = await db
    .prepare("SELECT id, last_name FROM users WHERE id IN (SELECT value FROM json_each(?1))")
    .bind(ids)
    .all();
  const follows = await db
    .prepare(
      `SELECT follower_id, followee_id FROM follows
       WHERE follower_id IN (SELECT value FROM json_each(?1)) AND followee_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(ids)
    .all();
  return {
    names: new Map(names.results.map((r) => [r.id, r.last_name])),
    follows: new Set(follows.results.map((r) => `${r.follower_id}>${r.followee_id}`)),
  };
}

/**
 * Every disagreement between the ledger and the stored state, as one line each; `checked` counts
 * the values compared (a pair whose last toggle ended unknown has no expected state: not checked).
 */
export function compare(ledger, state) {
  const mismatches = [];
  let checked = 0;
  for (const [id, { value, maybe }] of ledger.names) {
    checked += 1;
    const actual = state.names.get(id);
    if (actual !== value && !maybe.has(actual)) {
      mismatches.push(
        `user ${id}: last_name is ${JSON.stringify(actual)}, last write that landed was ${JSON.stringify(value)}`,
      );
    }
  }
  for (const [key, { value, maybe }] of ledger.follows) {
    if (value === undefined || maybe.size === 2) continue;
    checked += 1;
    const actual = state.follows.has(key);
    if (actual !== value)
      mismatches.push(
        `follow ${key}: stored ${actual ? "following" : "not following"}, last toggle answered ${value ? "followed" : "unfollowed"}`,
      );
  }
  return { checked, mismatches };
}
