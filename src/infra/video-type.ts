import type { VideoContentType } from "../db/schema";

/** How many leading bytes sniffVideoType needs. */
export const VIDEO_SNIFF_BYTES = 12;

/** `ftyp` major brands of MP4 video; HEIF pictures and M4A audio share the box but not these. */
const MP4_BRANDS = new Set([
  "isom",
  "iso2",
  "iso3",
  "iso4",
  "iso5",
  "iso6",
  "mp41",
  "mp42",
  "avc1",
  "M4V ",
  "M4VH",
  "M4VP",
  "dash",
  "mmp4",
  "3gp4",
  "3gp5",
  "3gp6",
  "3g2a",
  "f4v ",
]);

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/**
 * Identifies a video by its leading bytes; names and declared content types are not trusted.
 * ISO base media files start with a box whose type is `ftyp` (brand `qt  ` for QuickTime);
 * older QuickTime files may start with a `moov`, `mdat`, `wide` or `free` atom. WebM is EBML.
 */
export function sniffVideoType(head: Uint8Array): VideoContentType | null {
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3)
    return "video/webm";
  if (head.length < 12) return null;
  const box = ascii(head, 4, 8);
  if (box === "ftyp") {
    const brand = ascii(head, 8, 12);
    return brand === "qt  " ? "video/quicktime" : MP4_BRANDS.has(brand) ? "video/mp4" : null;
  }
  if (["moov", "mdat", "wide", "free"].includes(box)) return "video/quicktime";
  return null;
}

export const VIDEO_EXTENSION: Record<VideoContentType, string> = {
  "video/mp4": "mp4",
  "video/webm": "webm",
  "video/quicktime": "mov",
};
