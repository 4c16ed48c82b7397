// Django's EmailValidator, with no imports, so scripts run the very same check under Node.

const MAX_LENGTH = 320; // RFC 3696 §3, as Django counts it
/** Dot-atom, or a quoted string (ASCII only, as Django's pattern: no space, no bare `"` or `\`). */
const USER_PART =
  /^(?:[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*")$/i;
/** Labels of at most 63 characters, not starting or ending with `-`, then a TLD of 2 or more. */
const DOMAIN_PART = /^(?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+[A-Z0-9-]{2,63}(?<!-)$/i;
/** SMTP 4.1.3 address literal: an IPv4 or IPv6 address in brackets. */
const LITERAL = /^\[([A-F0-9:.]+)\]$/i;
const DOMAIN_ALLOWLIST = new Set(["localhost"]);
/** What IDNA may turn into an ASCII name; anything else (`/`, `%`, `:`…) is never handed to the URL parser. */
const IDN_CANDIDATE = /^[\p{L}\p{N}\p{M}.\u3002\uff0e\uff61-]+$/u;

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function isIpv6(address: string) {
  if (!address.includes(":")) return false;
  try {
    new URL(`http://[${address}]/`);
    return true;
  } catch {
    return false;
  }
}

function validDomainPart(domain: string) {
  if (DOMAIN_PART.test(domain)) return true;
  const literal = LITERAL.exec(domain)?.[1];
  return literal !== undefined && (IPV4.test(literal) || isIpv6(literal));
}

/** Django retries an internationalized domain in its punycode form. */
function punycode(domain: string): string | null {
  if (!IDN_CANDIDATE.test(domain)) return null;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

/** `django.core.validators.validate_email`: true when Django would accept the address. */
export function isValidEmail(value: string): boolean {
  if (!value || !value.includes("@") || (value.length > MAX_LENGTH && [...value].length > MAX_LENGTH))
    return false;
  const at = value.lastIndexOf("@");
  const user = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!USER_PART.test(user)) return false;
  if (DOMAIN_ALLOWLIST.has(domain) || validDomainPart(domain)) return true;
  const ascii = punycode(domain);
  return ascii !== null && validDomainPart(ascii);
}
