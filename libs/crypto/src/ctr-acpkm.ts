import { GostBlockCipher } from './gost-block-cipher';

/**
 * CTR-ACPKM, R 1323565.1.017-2018 §4.1: GOST R 34.13-2015 CTR (counter IV || 0…0, incremented mod 2^n
 * per block) whose key changes after every section of N bytes: K(i+1) = E_K(i)(D1) || E_K(i)(D2) || …,
 * D = 80 81 … 9F. The counter runs on across sections. Encryption and decryption are the same.
 *
 * Keystream is made a slice of counter blocks at a time (one ECB call each, the key scheduled once
 * per slice); memory is the output plus one slice.
 */
const ACPKM_D = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);

/** R 1323565.1.017-2018 §4.1, ACPKM: the next section key from the current one. */
export function acpkmNextKey(cipher: GostBlockCipher, key: Uint8Array): Uint8Array {
  return cipher.encryptBlocks(key, ACPKM_D);
}

/** The whole content at once: the same keystream as CtrAcpkmStream, one reading of the rules. */
export function ctrAcpkm(
  cipher: GostBlockCipher,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  sectionBytes: number,
): Uint8Array {
  const stream = new CtrAcpkmStream(cipher, key, iv, sectionBytes);
  try {
    return stream.update(data);
  } finally {
    stream.close();
  }
}

/** The counter as one big-endian n-bit integer, plus one mod 2^n (GOST R 34.13-2015 §5.2.1, Add). */
function increment(counter: Uint8Array): void {
  for (let i = counter.byteLength - 1; i >= 0; i -= 1) {
    counter[i] = (counter[i] + 1) & 0xff;
    if (counter[i] !== 0) return;
  }
}

/**
 * The same keystream over content that arrives in pieces of any size. Keystream is made a slice at
 * a time (at most 64 KiB, the counter and section key carried over), so memory stays at a slice
 * whatever the content's length, and no one call runs long: in JavaScript a Kuznyechik section of
 * 256 KiB takes a few hundred milliseconds, which a caller on the event loop would feel.
 */
export class CtrAcpkmStream {
  private static readonly SLICE_BYTES = 64 * 1024;
  private readonly counter: Uint8Array;
  private sectionKey: Uint8Array;
  private gamma: Uint8Array = new Uint8Array(0);
  /** Bytes of the current slice of keystream used so far. */
  private used = 0;
  /** Keystream made in the current section; -1 before the first. */
  private sectionMade = -1;

  constructor(
    private readonly cipher: GostBlockCipher,
    key: Uint8Array,
    iv: Uint8Array,
    private readonly sectionBytes: number,
  ) {
    const n = cipher.blockSize;
    if (key.byteLength !== 32) throw new RangeError('CTR-ACPKM: the key must be 32 bytes');
    if (iv.byteLength !== n / 2) throw new RangeError(`CTR-ACPKM: the IV must be ${n / 2} bytes`);
    if (sectionBytes <= 0 || sectionBytes % n !== 0) {
      throw new RangeError('CTR-ACPKM: the section must be a whole number of blocks');
    }
    this.counter = new Uint8Array(n);
    this.counter.set(iv);
    this.sectionKey = Uint8Array.from(key);
  }

  update(data: Uint8Array): Uint8Array {
    const out = new Uint8Array(data.byteLength);
    let offset = 0;
    while (offset < data.byteLength) {
      if (this.used === this.gamma.byteLength) this.nextSlice(data.byteLength - offset);
      const length = Math.min(this.gamma.byteLength - this.used, data.byteLength - offset);
      for (let i = 0; i < length; i += 1) out[offset + i] = data[offset + i] ^ this.gamma[this.used + i];
      this.used += length;
      offset += length;
    }
    return out;
  }

  /** Forgets the key material. */
  close(): void {
    this.sectionKey.fill(0);
    this.gamma.fill(0);
  }

  /**
   * Makes the next slice of keystream: as many whole blocks as `wanted` bytes need, at most a slice
   * and the rest of the section. Never more than asked: a small document (a few kilobytes, as most
   * are) costs its own blocks of Kuznyechik in JavaScript, not a whole 64 KiB slice.
   */
  private nextSlice(wanted: number): void {
    const n = this.cipher.blockSize;
    if (this.sectionMade === -1) this.sectionMade = 0;
    else if (this.sectionMade === this.sectionBytes) {
      this.sectionKey = acpkmNextKey(this.cipher, this.sectionKey);
      this.sectionMade = 0;
    }
    const bytes = Math.min(
      CtrAcpkmStream.SLICE_BYTES,
      this.sectionBytes - this.sectionMade,
      Math.ceil(wanted / n) * n,
    );
    const counters = new Uint8Array(bytes);
    for (let block = 0; block < bytes / n; block += 1) {
      counters.set(this.counter, block * n);
      increment(this.counter);
    }
    this.gamma = this.cipher.encryptBlocks(this.sectionKey, counters);
    this.sectionMade += bytes;
    this.used = 0;
  }
}
