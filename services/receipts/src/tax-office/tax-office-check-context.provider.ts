import { Provider } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGostEngine, parseCertificateBundle } from '@tks/crypto';
import { RESERVED_TEST_TAX_OFFICE_CODE, ReceiptsConfig } from '../receipts.config';
import { robotTaxOffice } from './robot-tax-offices';
import { TaxOfficeCheckContext } from './tax-office-checks';
import { TAX_OFFICE_CHECK_CONTEXT } from './tax-office-answer.service';

/**
 * Whether the tax office serves a code: the configured list, or every code but the reserved one.
 * The test tax offices (robot-tax-offices.ts) are served either way.
 */
export function servedTaxOffices(codes: readonly string[]): (code: string) => boolean {
  return codes.length > 0
    ? (code) => codes.includes(code) || robotTaxOffice(code) !== undefined
    : (code) => code !== RESERVED_TEST_TAX_OFFICE_CODE;
}

/** Read once at start: a missing CA file stops the service with its setting's name. */
export function taxOfficeCheckContextProvider(config: ReceiptsConfig): Provider {
  return {
    provide: TAX_OFFICE_CHECK_CONTEXT,
    useFactory: (): TaxOfficeCheckContext => {
      // The local deployment's test CAs, ECDSA and GOST (infra/pki/init-gost-keys.sh writes both).
      const file = config.TRUSTED_CA_FILE ?? join(config.TKS_PKI_DIR ?? '', 'gost', 'test-cas.pem');
      let pem: string;
      try {
        pem = readFileSync(file, 'utf8');
      } catch {
        throw new Error(`TRUSTED_CA_FILE: cannot read ${file}`);
      }
      const trusted = parseCertificateBundle(pem);
      if (trusted.length === 0) throw new Error(`TRUSTED_CA_FILE: no certificate in ${file}`);
      return {
        // Verification needs no token; GOST R 34.10-2012 signatures (the qualified ones) and
        // certificates are checked by the GOST engine, ECDSA and RSA by Node's WebCrypto.
        engine: createGostEngine(),
        trustedCertificates: trusted,
        serves: servedTaxOffices(config.TAX_OFFICE_CODES),
      };
    },
  };
}
