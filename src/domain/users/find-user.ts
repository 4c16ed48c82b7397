import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import type { Deps } from "../deps";
import { DomainError } from "../errors";

/** An active account by id, or NOT_FOUND. */
export async function findActiveUser(deps: Deps, id: number): Promise<UserRow> {
  const user = await deps.db.select().from(users).where(eq(users.id, id)).get();
  if (!user || !user.isActive) throw new DomainError("NOT_FOUND", "user");
  return user;
}
