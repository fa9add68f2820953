import { reversed } from './bytes';
import { vko } from './gost-key-agreement';
import { GostParameterSet } from './gost-parameters';
import { kdfTree256 } from './kdf-tree';

/**
 * KEG, R 1323565.1.020-2018 §6.4.5.1 as the GOST engine's gost_keg cites and implements it: 64 bytes of key
 * material from a key pair and the 32-byte UKM of the key transport.
 * - the VKO UKM is the first 16 bytes of the UKM read big-endian (1 when they are all zero);
 * - 512-bit keys: VKO_GOSTR3410_2012_512, 64 bytes;
 * - 256-bit keys: VKO_GOSTR3410_2012_256, then KDF_TREE_GOSTR3411_2012_256 with label "kdf tree",
 *   seed UKM[16..24), 64 bytes.
 * KExp15 takes the MAC key from bytes 0..32 and the encryption key from bytes 32..64.
 */
const KDF_TREE_LABEL = new TextEncoder().encode('kdf tree');

export function keg(
  parameterSet: GostParameterSet,
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
  ukm: Uint8Array,
): Uint8Array {
  if (ukm.byteLength !== 32) throw new RangeError('KEG: the UKM must be 32 bytes');
  const head = ukm.subarray(0, 16);
  // The engine sets byte 15 of its little-endian buffer when the head is zero; kept for the same result.
  const vkoUkm = head.every((byte) => byte === 0)
    ? Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? 1 : 0))
    : reversed(head);
  const shared = vko(parameterSet, privateKey, peerPublicKey, vkoUkm);
  if (parameterSet.length === 512) return shared;
  return kdfTree256(shared, KDF_TREE_LABEL, ukm.subarray(16, 24), 64);
}
