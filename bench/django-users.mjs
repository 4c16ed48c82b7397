#!/usr/bin/env node
// Writes a dumpdata export of N auth.user rows (default 100,000) for timing `npm run import`:
// node bench/django-users.mjs <dir> [N]. Generated at run time, never checked in.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, count = "100000"] = process.argv.slice(2);
const n = Number(count);
const hash = "pbkdf2_sha256$1000000$WnlFfOxb0dSRhnC6hKfRJ2$Lc7+PtASkf6LUrIVNhf8nLdfLzFD8L6F9MFsdQrvLH8=";
const records = [{ model: "auth.group", pk: 1, fields: { name: "visitor", permissions: [] } }];
for (let i = 1; i <= n; i++) {
  records.push({
    model: "auth.user",
    pk: i,
    fields: { password: hash, last_login: null, is_superuser: false, username: `user_${i}`, first_name: "", last_name: "", email: `user_${i}@example.com`, is_staff: false, is_active: true, date_joined: "2024-01-01T00:00:00Z", groups: [1], user_permissions: [] },
  });
}
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "users.json"), JSON.stringify(records));
console.log(`${n} users written to ${join(dir, "users.json")}`);
