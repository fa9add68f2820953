import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { GostContentCipher } from './gost-content-cipher';
import { GostEnvelopeError } from './gost-envelope-error';
import { generateEphemeralKey } from './gost-key-agreement';
import { GostPrivateKey } from './gost-software-key';
import { GostPublicKey, gostPublicKeyInfo, gostPublicKeyOf } from './gost-recipient-key';
import { keg } from './keg';
import { kexp15, kimp15 } from './kexp15';

/**
 * The key transport the GOST engine writes for Kuznyechik and Magma content (pkey_gost2018_encrypt):
 * an ephemeral key pair on the recipient's parameters, a random 32-byte UKM, KEG over them, and the
 * content key exported with KExp15 of the content's block cipher (MAC key = KEG[0..32), encryption
 * key = KEG[32..64), IV = UKM[24..24 + n/2)). The result is the KeyTransRecipientInfo's encryptedKey:
 *
 *   GostR3410-2012-KeyTransport ::= SEQUENCE {   -- PSKeyTransport_gost in the engine
 *     encryptedKey       OCTET STRING,           -- KExp15 output, 32 + n bytes
 *     ephemeralPublicKey SubjectPublicKeyInfo,
 *     ukm                OCTET STRING OPTIONAL }  -- 32 bytes; always written
 */
const UKM_BYTES = 32;

export function exportContentKey(
  cipher: GostContentCipher,
  contentKey: Uint8Array,
  recipient: GostPublicKey,
): Uint8Array {
  const ephemeral = generateEphemeralKey(recipient.parameterSet);
  const ukm = new Uint8Array(randomBytes(UKM_BYTES));
  const keys = keg(recipient.parameterSet, ephemeral.privateKey, recipient.publicKey, ukm);
  const exported = kexp15(
    cipher.blockCipher,
    contentKey,
    keys.subarray(32, 64),
    keys.subarray(0, 32),
    transportIv(cipher, ukm),
  );
  const transport = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: exported }),
      gostPublicKeyInfo(recipient.algorithm, ephemeral.publicKey).toSchema(),
      new asn1js.OctetString({ valueHex: ukm }),
    ],
  });
  return new Uint8Array(transport.toBER(false));
}

export function importContentKey(
  cipher: GostContentCipher,
  encryptedKey: Uint8Array,
  recipient: GostPrivateKey,
  recipientPublic: GostPublicKey,
): Uint8Array {
  const { exported, ephemeral, ukm } = readTransport(encryptedKey);
  if (ephemeral.parameterSet.name !== recipientPublic.parameterSet.name) {
    throw new GostEnvelopeError(
      'ENVELOPE_MALFORMED',
      `the ephemeral key is on ${ephemeral.parameterSet.name}, the recipient's on ${recipientPublic.parameterSet.name}`,
    );
  }
  const keys = keg(recipient.parameterSet, new Uint8Array(recipient.secret), ephemeral.publicKey, ukm);
  const key = kimp15(
    cipher.blockCipher,
    exported,
    keys.subarray(32, 64),
    keys.subarray(0, 32),
    transportIv(cipher, ukm),
  );
  if (!key || key.byteLength !== 32) {
    throw new GostEnvelopeError(
      'KEY_UNWRAP_FAILED',
      "the content key does not unwrap: the private key is not the recipient's, or the envelope was altered",
    );
  }
  return key;
}

function transportIv(cipher: GostContentCipher, ukm: Uint8Array): Uint8Array {
  return ukm.subarray(24, 24 + cipher.blockCipher.blockSize / 2);
}

function readTransport(der: Uint8Array): { exported: Uint8Array; ephemeral: GostPublicKey; ukm: Uint8Array } {
  const parsed = asn1js.fromBER(der);
  const [exported, ephemeral, ukm] =
    parsed.offset !== -1 && parsed.result instanceof asn1js.Sequence ? parsed.result.valueBlock.value : [];
  if (!(exported instanceof asn1js.OctetString) || !(ephemeral instanceof asn1js.Sequence)) {
    throw new GostEnvelopeError('ENVELOPE_MALFORMED', 'the key transport is not GostR3410-2012-KeyTransport');
  }
  if (!(ukm instanceof asn1js.OctetString) || ukm.valueBlock.valueHexView.byteLength !== UKM_BYTES) {
    throw new GostEnvelopeError('ENVELOPE_MALFORMED', 'the key transport carries no 32-byte UKM');
  }
  let info: pkijs.PublicKeyInfo;
  try {
    info = new pkijs.PublicKeyInfo({ schema: ephemeral });
  } catch {
    throw new GostEnvelopeError('ENVELOPE_MALFORMED', 'the ephemeral public key is not SubjectPublicKeyInfo');
  }
  return {
    exported: exported.valueBlock.valueHexView,
    ephemeral: gostPublicKeyOf(info, 'the ephemeral public key'),
    ukm: ukm.valueBlock.valueHexView,
  };
}
