#!/usr/bin/python3
"""Writes test/fixtures/django-hashes/django.json: hashes made by Django's own hashers (make_password),
for the ones Node's crypto cannot compute (argon2, bcrypt). Needs Django with argon2-cffi and bcrypt
(on Debian: apt-get install python3-django python3-argon2 python3-bcrypt).
Usage: /usr/bin/python3 scripts/django-hash-vectors.py"""
import json
import pathlib

import django
from django.conf import settings

settings.configure(PASSWORD_HASHERS=[
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.BCryptPasswordHasher",
])
django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher, BCryptPasswordHasher, BCryptSHA256PasswordHasher, make_password


class OldArgon2(Argon2PasswordHasher):
    """Django 1.10 to 3.1's argon2 defaults (argon2i before argon2-cffi 18, 512 KiB)."""
    time_cost = 2
    memory_cost = 512
    parallelism = 2


class Django4Argon2(Argon2PasswordHasher):
    """Django 4.0+'s defaults."""
    time_cost = 2
    memory_cost = 102400
    parallelism = 8


PASSWORDS = ["correct-Horse-battery-9", "ﬁsh-ﬁllet-ünïcode-42"]
LONG = "a-password-longer-than-bcrypt's-seventy-two-bytes-" * 2

password, unicode = PASSWORDS
vectors = [
    {"label": "argon2id, Django 4.0+ defaults (m=100 MiB, t=2, p=8)", "password": password, "django": Django4Argon2().encode(password, Django4Argon2().salt())},
    {"label": "argon2id, m=512 KiB t=2 p=2", "password": unicode, "django": OldArgon2().encode(unicode, OldArgon2().salt())},
    {"label": "bcrypt_sha256, 12 rounds", "password": unicode, "django": make_password(unicode, hasher="bcrypt_sha256")},
    {"label": "bcrypt, 12 rounds", "password": password, "django": make_password(password, hasher="bcrypt")},
]
# Django 1.10 to 3.1 stored argon2i: "argon2" + argon2-cffi's hash, as its encode() did.
import argon2
old = argon2.PasswordHasher(time_cost=2, memory_cost=512, parallelism=2, type=argon2.low_level.Type.I)
vectors.append({"label": "argon2i, Django 1.10-3.1", "password": PASSWORDS[0], "django": "argon2" + old.hash(PASSWORDS[0])})
vectors.append({"label": "bcrypt_sha256, a password past 72 bytes", "password": LONG, "django": make_password(LONG, hasher="bcrypt_sha256")})

out = pathlib.Path(__file__).resolve().parent.parent / "test/fixtures/django-hashes/django.json"
out.write_text(json.dumps({"generatedBy": "scripts/django-hash-vectors.py", "django": django.get_version(), "vectors": vectors}, indent=2, ensure_ascii=False) + "\n")
print(f"{len(vectors)} vectors written to {out}")
