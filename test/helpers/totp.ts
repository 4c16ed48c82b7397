import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { stepAt, totpCode } from "../../src/infra/totp";

/** The code an authenticator app shows for this base32 secret at `at`, `offset` steps away. */
export const totpCodeOf = (secret: string, at: Date = new Date(), offset = 0) =>
  totpCode(decodeBase32IgnorePadding(secret), stepAt(at) + offset);
