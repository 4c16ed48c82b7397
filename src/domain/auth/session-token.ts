import type { Ctx } from "../context";
import { requireUser } from "../policy/ownership";
import { startKeySession, type ClientInfo } from "./sessions";

/**
 * MediaCMS's `GET /api/v1/user/token`: an API key (`Authorization: Token <key>`) for the caller.
 * Only a key's hash is stored, so an existing key cannot be shown again: each call starts a
 * key session of its own, which lives until logout (with that key), a password change from
 * another session, a reset, a ban, deactivation or deletion, as the original's DRF token does.
 */
export async function issueApiKey(ctx: Ctx, client: ClientInfo): Promise<string> {
  const viewer = requireUser(ctx);
  const { key } = await startKeySession(ctx.deps, viewer.user.id, client);
  return key;
}
