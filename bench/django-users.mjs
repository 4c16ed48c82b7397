#!/usr/bin/env node
// Writes a dumpdata export of N auth.user rows (default 100,000) for timing `npm run import`, each user
// with one signed-in django_session row and one DRF Token key, signed with DJANGO_SECRET_KEY (default
// below; give the import the same): node bench/django-users.mjs <dir> [N]. Generated at run time, never checked in.
import { createHash, createHmac } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, count = "100000"] = process.argv.slice(2);
const n = Number(count);
const key = process.env.DJANGO_SECRET_KEY || "bench-django-secret-key-0123456789";
const hash = "pbkdf2_sha256$1000000$WnlFfOxb0dSRhnC6hKfRJ2$Lc7+PtASkf6LUrIVNhf8nLdfLzFD8L6F9MFsdQrvLH8=";
const saltedHmac = (salt, value) =>
  createHmac(
    "sha256",
    createHash("sha256")
      .update(salt + key)
      .digest(),
  ).update(value);
const userHash = saltedHmac("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash", hash).digest(
  "hex",
);
/** Django's `SessionStore.encode` (signing.dumps with the sessions salt), uncompressed. */
const sessionData = (userId) => {
  const payload = Buffer.from(
    JSON.stringify({
      _auth_user_id: String(userId),
      _auth_user_backend: "django.contrib.auth.backends.ModelBackend",
      _auth_user_hash: userHash,
    }),
  ).toString("base64url");
  const value = `${payload}:1xac4H`;
  return `${value}:${saltedHmac("django.contrib.sessions.SessionStoresigner", value).digest("base64url")}`;
};
const records = [{ model: "auth.group", pk: 1, fields: { name: "visitor", permissions: [] } }];
for (let i = 1; i <= n; i++) {
  records.push({
    model: "auth.user",
    pk: i,
    fields: {
      password: hash,
      last_login: null,
      is_superuser: false,
      username: `user_${i}`,
      first_name: "",
      last_name: "",
      email: `user_${i}@example.com`,
      is_staff: false,
      is_active: true,
      date_joined: "2024-01-01T00:00:00Z",
      groups: [1],
      user_permissions: [],
    },
  });
  records.push({
    model: "sessions.session",
    pk: `s${String(i).padStart(31, "0")}`,
    fields: { session_data: sessionData(i), expire_date: "2099-01-01T00:00:00Z" },
  });
  records.push({
    model: "authtoken.token",
    pk: createHash("sha1").update(`token-${i}`).digest("hex"),
    fields: { user: i, created: "2024-01-01T00:00:00Z" },
  });
}
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "users.json"), JSON.stringify(records));
console.log(`${n} users, with a session and a DRF key each, written to ${join(dir, "users.json")}`);
