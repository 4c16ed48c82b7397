let counter = 0;

/**
 * A client address no other caller in this test file has had, so the per-IP rate limiter
 * of one test never spends another's budget (HTTP clients and stream sockets alike).
 */
export const nextIp = () => {
  const n = counter++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};
