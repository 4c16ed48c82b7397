import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { setRole } from "./set-role";

/** The owner makes a member a manager; a manager (or the owner) already is one. */
export async function makeManager(ctx: Ctx, { chatId, userId }: { chatId: number; userId: number }) {
  const me = requireUser(ctx).user.id;
  await setRole(
    ctx.deps,
    { me, chatId, userId, from: "member", to: "manager", change: "manager_added" },
    () => new DomainError("CONFLICT", "already_manager"),
  );
}
