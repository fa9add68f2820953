import * as asn1js from 'asn1js';
import { ctrAcpkm, CtrAcpkmStream } from './ctr-acpkm';
import { GostBlockCipher, KUZNYECHIK, MAGMA } from './gost-block-cipher';
import { GOST_ENCRYPTION_OID } from './gost-encryption-oids';
import { GostEnvelopeError } from './gost-envelope-error';

/**
 * The content ciphers of GOST CMS, as the GOST engine writes and reads them: GOST R 34.12-2015 in
 * CTR-ACPKM (R 1323565.1.017-2018 §4.1), with
 * GostR3412-15-Encryption-Parameters ::= SEQUENCE { ukm OCTET STRING }, ukm = IV (n/2 bytes) || 8 bytes
 * of KDF seed. The seed only keys the MAC of the -omac variants; it is written (random) because the
 * structure carries it, and ignored on reading, as the GOST engine does.
 *
 * Section sizes are what the GOST engine uses when it encrypts CMS: 256 KiB for Kuznyechik, 8 KiB for
 * Magma (gost_grasshopper_set_asn1_parameters, magma_set_asn1_parameters). Its CMS decryption resets
 * them to 4 KiB / 1 KiB, so `openssl cms -decrypt` garbles content past that size, its own included
 * (gost-engine issue #529); decryption here follows the encrypting side.
 */
export type GostContentCipherName = 'kuznyechik-ctr-acpkm' | 'magma-ctr-acpkm';

export interface GostContentCipher {
  readonly name: GostContentCipherName;
  readonly oid: string;
  /** The KExp15 key transport that goes with this cipher. */
  readonly keyExportOid: string;
  readonly blockCipher: GostBlockCipher;
  readonly sectionBytes: number;
}

const KDF_SEED_BYTES = 8;

export const GOST_CONTENT_CIPHERS: Readonly<Record<GostContentCipherName, GostContentCipher>> = {
  'kuznyechik-ctr-acpkm': {
    name: 'kuznyechik-ctr-acpkm',
    oid: GOST_ENCRYPTION_OID.kuznyechikCtrAcpkm,
    keyExportOid: GOST_ENCRYPTION_OID.kuznyechikKexp15,
    blockCipher: KUZNYECHIK,
    sectionBytes: 256 * 1024,
  },
  'magma-ctr-acpkm': {
    name: 'magma-ctr-acpkm',
    oid: GOST_ENCRYPTION_OID.magmaCtrAcpkm,
    keyExportOid: GOST_ENCRYPTION_OID.magmaKexp15,
    blockCipher: MAGMA,
    sectionBytes: 8 * 1024,
  },
};

export function contentCipherByOid(oid: string): GostContentCipher {
  const cipher = Object.values(GOST_CONTENT_CIPHERS).find((candidate) => candidate.oid === oid);
  if (!cipher) throw new GostEnvelopeError('UNSUPPORTED_ALGORITHM', `content cipher ${oid} is not supported`);
  return cipher;
}

export function contentCipherParameters(ukm: Uint8Array): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: ukm })] });
}

/** The IV from the parameters; the rest of the ukm (the KDF seed) is unused by CTR-ACPKM. */
export function contentCipherIv(cipher: GostContentCipher, parameters: unknown): Uint8Array {
  const ukm = parameters instanceof asn1js.Sequence ? parameters.valueBlock.value[0] : undefined;
  const ivBytes = cipher.blockCipher.blockSize / 2;
  if (
    !(ukm instanceof asn1js.OctetString) ||
    ukm.valueBlock.valueHexView.byteLength !== ivBytes + KDF_SEED_BYTES
  ) {
    throw new GostEnvelopeError('ENVELOPE_MALFORMED', `${cipher.name} parameters are not SEQUENCE { ukm }`);
  }
  return ukm.valueBlock.valueHexView.slice(0, ivBytes);
}

export function contentUkmBytes(cipher: GostContentCipher): number {
  return cipher.blockCipher.blockSize / 2 + KDF_SEED_BYTES;
}

/** Encryption and decryption are the same keystream. */
export function applyContentCipher(
  cipher: GostContentCipher,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  return ctrAcpkm(cipher.blockCipher, key, iv, data, cipher.sectionBytes);
}

/** The same keystream, applied piece by piece (gost-enveloped's streamed envelope). */
export function contentCipherStream(
  cipher: GostContentCipher,
  key: Uint8Array,
  iv: Uint8Array,
): CtrAcpkmStream {
  return new CtrAcpkmStream(cipher.blockCipher, key, iv, cipher.sectionBytes);
}
