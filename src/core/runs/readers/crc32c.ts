// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven, one byte
// per step (Sarwate 1988), and TFRecord's masked form
// (tensorflow/core/lib/hash/crc32c.h, Mask). Hand-written because src/core must
// run in the browser: the fast npm packages (sse4_crc32, @node-rs/crc32, and
// fast-crc32c, which wraps them) are native Node addons, and a pure-JS one
// (@aws-crypto/crc32c) would be a dependency for 30 lines checked by known answers.

const POLYNOMIAL = 0x82f63b78;

/** TFRecord adds this after rotating, so that a CRC of data holding CRCs is not itself a CRC (crc32c.h, kMaskDelta). */
const MASK_DELTA = 0xa282ead8;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32C (Castagnoli) of `bytes`: the checksum TFRecord, iSCSI and ext4 use.
 * https://datatracker.ietf.org/doc/html/rfc3720#appendix-B.4
 *
 * Cost: O(bytes.length), one table lookup per byte.
 *
 * @example
 * crc32c(new TextEncoder().encode("123456789")); // 0xe3069283 (the standard check value)
 */
export function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The masked CRC-32C that TFRecord stores after each length and each record:
 * ((crc >>> 15) | (crc << 17)) + 0xa282ead8, mod 2^32
 * (tensorflow/core/lib/io/record_writer.cc, MaskedCrc).
 *
 * Cost: O(bytes.length).
 *
 * @example
 * maskedCrc32c(new Uint8Array(8)); // 0x07980329, the length CRC in the header of an empty record
 */
export function maskedCrc32c(bytes: Uint8Array): number {
  const c = crc32c(bytes);
  return (((c >>> 15) | (c << 17)) + MASK_DELTA) >>> 0;
}
