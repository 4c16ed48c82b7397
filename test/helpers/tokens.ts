import { env } from "cloudflare:workers";
import { SignJWT } from "jose";

const enc = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

/** Tokens an attacker could make: same claims as a real one, but unsigned, mis-signed or stale. */
export const forged = {
  algNone: (claims: Record<string, unknown>) => `${enc({ alg: "none", typ: "JWT" })}.${enc(claims)}.`,
  wrongSecret: (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("another-secret-another-secret-another-1")),
  expired: (claims: Record<string, unknown>) =>
    new SignJWT({
      ...claims,
      exp: Math.floor(Date.now() / 1000) - 60,
      iat: Math.floor(Date.now() / 1000) - 1000,
    })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(env.JWT_SECRET!)),
};

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
}

/** Signs exactly these claims with the service's own key (no expiry added). */
export const signed = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(env.JWT_SECRET!));
