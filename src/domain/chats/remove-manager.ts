import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { setRole } from "./set-role";

/** The owner makes a manager a plain member again. */
export async function removeManager(ctx: Ctx, { chatId, userId }: { chatId: number; userId: number }) {
  const me = requireUser(ctx).user.id;
  await setRole(
    ctx.deps,
    { me, chatId, userId, from: "manager", to: "member", change: "manager_removed" },
    () => new DomainError("CONFLICT", "not_manager"),
  );
}
