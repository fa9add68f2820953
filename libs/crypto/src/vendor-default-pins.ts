import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * User (and administrator) PINs that tokens leave the factory with, as their vendors publish them.
 * They are public knowledge, not secrets: a token still on one is open to anyone who holds it. The
 * README ("Token safety") lists the same set; a short list of the common ones, not every vendor's.
 */
const VENDOR_DEFAULT_PINS: readonly string[] = [
  '12345678', // Rutoken (user), ESMART Token (user), YubiKey PIV (PUK)
  '87654321', // Rutoken (administrator)
  '1234567890', // JaCarta PKI / JaCarta ГОСТ, SafeNet eToken (user)
  '123456', // YubiKey PIV, Nitrokey, OpenPGP cards (user)
  '648219', // SmartCard-HSM / Nitrokey HSM (user)
  '1234', // many cards' transport PIN
  '0000',
  '00000000',
];

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
const DEFAULT_DIGESTS = VENDOR_DEFAULT_PINS.map(digest);

/**
 * Whether the PIN is one of the known defaults. Compared as SHA-256 digests, each in constant time
 * and against every entry, so neither the answer's timing nor any log says which one it matched.
 */
export function isVendorDefaultPin(pin: string): boolean {
  const candidate = digest(pin);
  let found = false;
  for (const known of DEFAULT_DIGESTS) found = timingSafeEqual(candidate, known) || found;
  return found;
}
