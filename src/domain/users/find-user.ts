import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { isVisibleAccount } from "./visible-account";

/** A visible (active, not banned) account by id, or NOT_FOUND. */
export async function findActiveUser(deps: Deps, id: number): Promise<UserRow> {
  const user = await deps.db.select().from(users).where(eq(users.id, id)).get();
  if (!user || !isVisibleAccount(user)) throw new DomainError("NOT_FOUND", "user");
  return user;
}
