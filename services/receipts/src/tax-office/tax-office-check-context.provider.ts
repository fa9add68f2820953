import { Provider } from '@nestjs/common';
import { createGostEngine } from '@tks/crypto';
import { servedTaxOffices } from './served-tax-offices';
import { TaxOfficeConfig } from './tax-office.config';
import { TaxOfficeCheckContext } from './tax-office-checks';
import { certificateStatusOn, loadTrustList, trustedDer } from './trust-list';

export const TAX_OFFICE_CHECK_CONTEXT = Symbol('TAX_OFFICE_CHECK_CONTEXT');

/** Read once at start: a trust directory without a CA stops the service with its setting's name. */
export function taxOfficeCheckContextProvider(config: TaxOfficeConfig): Provider {
  return {
    provide: TAX_OFFICE_CHECK_CONTEXT,
    useFactory: async (): Promise<TaxOfficeCheckContext> => {
      const anchors = await loadTrustList(config.TAX_OFFICE_TRUST_DIRS);
      return {
        // Verification needs no token; GOST R 34.10-2012 signatures (the qualified ones) and
        // certificates are checked by the GOST engine, ECDSA and RSA by Node's WebCrypto.
        engine: createGostEngine(),
        trustedCertificates: trustedDer(anchors),
        serves: servedTaxOffices(config.TAX_OFFICE_CODES),
        certificateStatus: certificateStatusOn(anchors),
      };
    },
  };
}
