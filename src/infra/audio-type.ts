/** Audio a voice message may be, each identified by its leading bytes. */
export const AUDIO_CONTENT_TYPES = [
  "audio/ogg",
  "audio/mpeg",
  "audio/mp4",
  "audio/webm",
  "audio/wav",
  "audio/aac",
] as const;
export type AudioContentType = (typeof AUDIO_CONTENT_TYPES)[number];

export const AUDIO_SNIFF_BYTES = 12;

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** Identifies a voice recording by its leading bytes; names and declared types are not trusted. */
export function sniffAudioType(head: Uint8Array): AudioContentType | null {
  if (head.length < 4) return null;
  if (ascii(head, 0, 4) === "OggS") return "audio/ogg";
  if (ascii(head, 0, 3) === "ID3") return "audio/mpeg";
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return "audio/webm";
  if (head[0] === 0xff && (head[1]! & 0xf6) === 0xf0) return "audio/aac";
  if (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return "audio/mpeg";
  if (head.length >= 12 && ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WAVE") return "audio/wav";
  if (
    head.length >= 12 &&
    ascii(head, 4, 8) === "ftyp" &&
    ["M4A ", "M4B ", "mp42", "isom"].includes(ascii(head, 8, 12))
  )
    return "audio/mp4";
  return null;
}

export const AUDIO_EXTENSION: Record<AudioContentType, string> = {
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/webm": "webm",
  "audio/wav": "wav",
  "audio/aac": "aac",
};
