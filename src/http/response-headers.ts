import type { Context } from "hono";

/**
 * Edits the headers of the answer about to go out. One passed through from elsewhere (R2,
 * a Durable Object) can have immutable headers; it is then copied once and edited again.
 */
export async function editResponseHeaders(c: Context<any>, edit: (headers: Headers) => void | Promise<void>) {
  try {
    await edit(c.res.headers);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    const copy = new Response(c.res.body, c.res);
    // Hono's setter copies the old answer's headers onto a new one, undoing any removal: clear it first.
    c.res = undefined;
    c.res = copy;
    await edit(c.res.headers);
  }
}
