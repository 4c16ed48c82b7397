/** The password every factory-made user has: strong enough for every API's rules. */
export const PASSWORD = "correct-Horse-battery-9";
/** A second valid password, for registrations and changes that must not reuse PASSWORD. */
export const OTHER_PASSWORD = "Tr1cky-pass-word";

/** The smallest byte runs each image sniffer recognises (magic number plus a little header). */
export const PNG_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4,
]);
export const JPEG_BYTES = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1,
]);
export const GIF_BYTES = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0]);

/** A multipart body with one file under `field`, as a browser's file input sends it. */
export function upload(field: string, name: string, bytes: Uint8Array, type = "application/octet-stream") {
  const form = new FormData();
  form.append(field, new File([bytes], name, { type }));
  return form;
}

/** The leading bytes of an MP4 (an `ftyp` box, brand `isom`) and of a WebM (EBML), with a little more. */
export const MP4_BYTES = new Uint8Array([
  0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0, 0x69, 0x73, 0x6f, 0x6d, 0x6d,
  0x70, 0x34, 0x31,
]);
export const WEBM_BYTES = new Uint8Array([
  0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2,
]);

/** `size` bytes that start as `head` and then count up, so a wrong range or part shows. */
export function videoBytes(size: number, head: Uint8Array = MP4_BYTES): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 12)) & 0xff;
  bytes.set(head.subarray(0, Math.min(head.length, size)));
  return bytes;
}
