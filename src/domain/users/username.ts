// Username rules with no imports, so scripts/createsuperuser.mjs runs the very same code under Node.

export const USERNAME_MAX = 150;

/**
 * Django's UnicodeUsernameValidator, `^[\w.@+-]+\Z`, with Python's Unicode `\w`: letters,
 * numbers and `_`. Combining marks and format characters are not in it, so `eve` + U+034F
 * is refused instead of becoming a second account that renders as `eve`.
 */
const USERNAME_PATTERN = /^[\p{L}\p{N}_.@+-]+$/u;

/** Django's `normalize_username`; validators then run on the result. */
export const normalizeUsername = (username: string) => username.normalize("NFKC");

export const isValidUsername = (normalized: string) => USERNAME_PATTERN.test(normalized);

/**
 * A full Unicode case fold. JavaScript has no `casefold()`, and `toLowerCase` alone is not one:
 * it keeps `ß` and `ẞ` apart from `ss` and `ς` apart from `σ`. Going lower, upper, lower applies
 * the engine's full case mappings (SpecialCasing: `ß` → `SS`, `ᾳ` → `ΑΙ`, `ẞ` → `ß` → `SS`), and
 * mapping the final sigma `ς` to `σ` then makes equal exactly the names Python's `str.casefold()`
 * makes equal, except that dotless `ı` also folds with `i`: an over-merge we keep, as the two look alike.
 */
export const foldCase = (s: string) => s.toLowerCase().toUpperCase().toLowerCase().replaceAll("ς", "σ");

/**
 * The key that makes usernames unique: NFKC, full case fold, NFKC again (folding can
 * decompose: `ΐ` → `ΐ`). Every path that stores or looks up a username uses this one.
 */
export const usernameKey = (username: string) => foldCase(normalizeUsername(username)).normalize("NFKC");
