import { Provider } from '@nestjs/common';
import { RecipientKey } from '@tks/container';
import { readKeyFiles } from '@tks/crypto';
import { describeSigningKey } from '@tks/platform';
import { TaxOfficeConfig } from './tax-office.config';

export const TAX_OFFICE_RECIPIENT_KEY = Symbol('TAX_OFFICE_RECIPIENT_KEY');

/**
 * The key the tax office decrypts containers with (TAX_OFFICE_DECRYPTION_KEY), opened at start so a
 * wrong file or password stops the service naming the setting. The opened key stays in memory, as
 * a token would hold it.
 */
export function recipientKeyProvider(config: TaxOfficeConfig): Provider {
  return {
    provide: TAX_OFFICE_RECIPIENT_KEY,
    useFactory: async (): Promise<RecipientKey> => {
      const key = config.TAX_OFFICE_DECRYPTION_KEY;
      if (key.backend !== 'file') throw new Error('TAX_OFFICE_DECRYPTION_KEY: a key file is needed');
      try {
        const { pkcs8, certificatePem } = await readKeyFiles(key);
        return { certificate: certificatePem, privateKeyPkcs8: pkcs8 };
      } catch (error) {
        throw new Error(
          `TAX_OFFICE_DECRYPTION_KEY=${describeSigningKey(key)}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
}
