import { sql, type SQLWrapper } from "drizzle-orm";

/**
 * The longest search or filter text a list route takes (characters). Longer ones are refused
 * by each surface (a 400 in its envelope), so no statement grows with what a client sends.
 */
export const SEARCH_MAX = 100;
/**
 * The most terms one search may hold: each is its own condition with its own bound values,
 * and D1 allows 100 a statement.
 */
export const SEARCH_TERMS_MAX = 10;

/**
 * `term` occurs in `column`, ASCII case-insensitively (as SQLite's LIKE folds), every character
 * literal (`%`, `_`). instr, not LIKE: D1 refuses a LIKE pattern over 50 bytes, which 17 CJK
 * characters pass.
 */
export const containsText = (column: SQLWrapper, term: string) =>
  sql`instr(lower(${column}), lower(${term})) > 0`;

/** `column` starts with `prefix`, compared as stored (the caller folds both alike). */
export const startsWithText = (column: SQLWrapper, prefix: string) => sql`instr(${column}, ${prefix}) = 1`;
