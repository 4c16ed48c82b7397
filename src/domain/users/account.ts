/** An account as the verbs return it, so a surface serializes one without importing src/db/. */
export type { UserRow } from "../../db/schema";
