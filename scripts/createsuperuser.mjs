#!/usr/bin/env node
// Like Django's `manage.py createsuperuser`: an active admin in the local D1 (or --remote).
// Usage: npm run createsuperuser -- --username U --password P --email E [--remote] [--persist-to DIR]
// (--persist-to: the local state directory of a `wrangler dev --persist-to DIR`, as the browser tests run it.)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
// The Worker's own rules (Node runs these .ts files by stripping their types), so an account
// made here gets the same validation, username key and password hash as one registered through an API.
import { isValidEmail } from "../src/domain/users/email-address.ts";
import { PRODUCTION_LOG_N, hashPassword, productionParams } from "../src/infra/password-hash.ts";
import {
  USERNAME_MAX,
  isValidUsername,
  normalizeUsername,
  usernameKey,
} from "../src/domain/users/username.ts";

const { values } = parseArgs({
  options: {
    username: { type: "string" },
    password: { type: "string" },
    email: { type: "string", default: "" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});
if (!values.username || !values.password) {
  console.error("Usage: npm run createsuperuser -- --username U --password P --email E [--remote]");
  process.exit(2);
}
const username = normalizeUsername(values.username);
if ([...username].length > USERNAME_MAX || !isValidUsername(username)) {
  console.error(
    "Error: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
  );
  process.exit(1);
}
const email = values.email.trim() || null;
if (email && !isValidEmail(email)) {
  console.error("Error: Enter a valid email address.");
  process.exit(1);
}

const hash = await hashPassword(
  values.password,
  productionParams(Number(process.env.PASSWORD_HASH_LOG_N ?? PRODUCTION_LOG_N)),
);

const q = (s) => (s === null ? "NULL" : `'${String(s).replaceAll("'", "''")}'`);
const userKey = usernameKey(username);
const sql = `
INSERT INTO users (username, username_key, email, email_key, password_hash, date_joined, is_active)
VALUES (${q(username)}, ${q(userKey)}, ${q(email)}, ${q(email?.toLowerCase() ?? null)}, ${q(hash)}, ${Date.now()}, 1);
INSERT INTO user_groups (user_id, name) SELECT id, 'visitor' FROM users WHERE username_key = ${q(userKey)};
INSERT INTO user_groups (user_id, name) SELECT id, 'admin' FROM users WHERE username_key = ${q(userKey)};
`;

const where = values.remote ? "--remote" : "--local";
const persist = !values.remote && values["persist-to"] ? ["--persist-to", values["persist-to"]] : [];
const dir = mkdtempSync(join(tmpdir(), "createsuperuser-"));
try {
  execFileSync("wrangler", ["d1", "migrations", "apply", "DB", where, ...persist], {
    stdio: "inherit",
    env: { ...process.env, CI: "true" },
  });
  writeFileSync(join(dir, "superuser.sql"), sql);
  execFileSync("wrangler", ["d1", "execute", "DB", where, ...persist, "--file", join(dir, "superuser.sql")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  console.log(`Superuser created successfully: ${username}`);
} catch (err) {
  const text = String(err.stderr ?? err.message ?? err);
  console.error(
    /UNIQUE constraint failed/.test(text) ? "Error: That username or email is already taken." : text,
  );
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
