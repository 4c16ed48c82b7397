#!/usr/bin/env node
// Recomputes users.username_key with the current fold (src/domain/users/username.ts) for the
// accounts whose key was stored by an older rule. SQL cannot do it (SQLite's lower() is ASCII
// only), and only non-ASCII names can differ, since the fold of an ASCII name is its lowercase.
// Two accounts that now share a key are reported and left alone: one of them must be renamed.
// Usage: npm run rekey-usernames -- [--remote] [--dry-run]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { usernameKey } from "../src/domain/users/username.ts";

const { values } = parseArgs({
  options: { remote: { type: "boolean", default: false }, "dry-run": { type: "boolean", default: false } },
});
const where = values.remote ? "--remote" : "--local";
const wrangler = (args) =>
  execFileSync("wrangler", ["d1", "execute", "DB", where, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
const query = (sql) => JSON.parse(wrangler(["--json", "--command", sql])).flatMap((r) => r.results ?? []);

// GLOB's class is by code point: any character outside printable ASCII.
const rows = query("SELECT id, username, username_key AS key FROM users WHERE username GLOB '*[^ -~]*'");
const changes = rows.map((r) => ({ ...r, next: usernameKey(r.username) })).filter((r) => r.next !== r.key);

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const wanted = new Map();
for (const c of changes) wanted.set(c.next, [...(wanted.get(c.next) ?? []), c]);
const holders = changes.length
  ? query(
      `SELECT id, username, username_key AS key FROM users WHERE username_key IN (${[...wanted.keys()].map(q).join(", ")})`,
    )
  : [];

const clashes = [];
const updates = [];
for (const [key, group] of wanted) {
  const others = holders.filter((h) => h.key === key && !group.some((g) => g.id === h.id));
  if (group.length > 1 || others.length)
    clashes.push({
      key,
      accounts: [...group, ...others].map((a) => `${a.id} ${JSON.stringify(a.username)}`),
    });
  else updates.push(group[0]);
}

for (const u of updates)
  console.log(
    `${values["dry-run"] ? "would rekey" : "rekey"} ${u.id} ${JSON.stringify(u.username)}: ${JSON.stringify(u.key)} -> ${JSON.stringify(u.next)}`,
  );
for (const c of clashes)
  console.error(
    `clash on ${JSON.stringify(c.key)}: ${c.accounts.join(", ")} (rename all but one, then run again)`,
  );

if (updates.length && !values["dry-run"]) {
  const dir = mkdtempSync(join(tmpdir(), "rekey-usernames-"));
  try {
    // Guarded on the old key, so a rename that happened meanwhile is not overwritten.
    const sql = updates
      .map(
        (u) =>
          `UPDATE users SET username_key = ${q(u.next)} WHERE id = ${Number(u.id)} AND username_key = ${q(u.key)};`,
      )
      .join("\n");
    writeFileSync(join(dir, "rekey.sql"), sql);
    wrangler(["--file", join(dir, "rekey.sql")]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(
  `${rows.length} non-ASCII usernames, ${updates.length} ${values["dry-run"] ? "to rekey" : "rekeyed"}, ${clashes.length} clashes`,
);
if (clashes.length) process.exitCode = 1;
