// What a listing image is, judged by its bytes alone: the type an upload declares (the part's
// content type, the file name) is the client's claim and is never trusted. Anything that is not a
// PNG, JPEG or WebP by its magic bytes is refused, so the public read route only ever serves one
// of these three types under the type the bytes really have.
import type { ListingImageType } from "@p2p-escrow/protocol/schemas/listing";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const RIFF = [0x52, 0x49, 0x46, 0x46]; // "RIFF", then a 4-byte size, then "WEBP"
const WEBP = [0x57, 0x45, 0x42, 0x50];

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);

/** The image type `bytes` are by their signature, or null when they are none of the accepted ones. */
export function sniffImageType(bytes: Uint8Array): ListingImageType | null {
  if (startsWith(bytes, PNG)) return "image/png";
  if (startsWith(bytes, JPEG)) return "image/jpeg";
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return "image/webp";
  return null;
}
