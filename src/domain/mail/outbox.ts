import { asc, eq } from "drizzle-orm";
import { outbox } from "../../db/schema";
import type { Ctx } from "../context";

/** Mail the development transport captured for one address, oldest first. */
export function listOutbox({ deps }: Ctx, { to }: { to: string }) {
  return deps.db.select().from(outbox).where(eq(outbox.to, to)).orderBy(asc(outbox.id)).all();
}
