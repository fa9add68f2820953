/**
 * MAC of GOST R 34.13-2015 §5.6 (OMAC1 / CMAC) at the full block length, over a block encryption.
 * Written here because the library's MAC pads an incomplete last block with 0x01 instead of the
 * standard's single 1 bit (0x80, §4.1.3 procedure 3), so it is wrong whenever the message is not whole
 * blocks, as in KExp15 (R 1323565.1.017-2018 §4.2.1: IV || K is 36 or 40 bytes).
 */
export function omac(
  encryptBlock: (block: Uint8Array) => Uint8Array,
  blockSize: 8 | 16,
  data: Uint8Array,
): Uint8Array {
  const k1 = doubled(encryptBlock(new Uint8Array(blockSize)));
  const whole = data.byteLength > 0 && data.byteLength % blockSize === 0;
  const padded = new Uint8Array(
    whole ? data.byteLength : (Math.floor(data.byteLength / blockSize) + 1) * blockSize,
  );
  padded.set(data);
  if (!whole) padded[data.byteLength] = 0x80;
  const lastKey = whole ? k1 : doubled(k1);

  let chain: Uint8Array = new Uint8Array(blockSize);
  for (let offset = 0; offset < padded.byteLength; offset += blockSize) {
    const block = padded.slice(offset, offset + blockSize);
    for (let i = 0; i < blockSize; i += 1) block[i] ^= chain[i];
    if (offset + blockSize === padded.byteLength)
      for (let i = 0; i < blockSize; i += 1) block[i] ^= lastKey[i];
    chain = encryptBlock(block);
  }
  return chain;
}

/** §5.6: K1 = R << 1, xor B (0x87 for n = 128, 0x1B for n = 64) when the top bit of R was set. */
function doubled(value: Uint8Array): Uint8Array {
  const out = new Uint8Array(value.byteLength);
  let carry = 0;
  for (let i = value.byteLength - 1; i >= 0; i -= 1) {
    out[i] = ((value[i] << 1) & 0xff) | carry;
    carry = value[i] >>> 7;
  }
  if (carry) out[out.byteLength - 1] ^= value.byteLength === 16 ? 0x87 : 0x1b;
  return out;
}
