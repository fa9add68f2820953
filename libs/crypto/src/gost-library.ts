/**
 * The one entry to the GOST library. It loads the unminified bundle, which patch-package fixes on
 * install (patches/@wavesenterprise+crypto-gost-js+*.patch): upstream, the modular inverse calls an
 * undefined `subtract`, so about one valid signature in 300 failed to verify (found by OpenSSL
 * cross-checks; the regression sample is in test/fixtures/gost-512-inverse-edge).
 */
export { GostEngine } from '@wavesenterprise/crypto-gost-js/dist/CryptoGost.js';
