/**
 * True when the browser says the request comes from another site: an `Origin` that is
 * neither ours nor trusted, or `Sec-Fetch-Site: cross-site` when there is no Origin.
 * Native clients send neither header and pass.
 */
export function isCrossSite(request: Request, trustedOrigins: string[]): boolean {
  const origin = request.headers.get("Origin");
  if (origin) {
    if (origin === "null") return true;
    return origin !== new URL(request.url).origin && !trustedOrigins.includes(origin.toLowerCase());
  }
  return request.headers.get("Sec-Fetch-Site") === "cross-site";
}
