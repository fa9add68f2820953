import { Provider } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGostEngine, parseCertificateBundle } from '@tks/crypto';
import { ReceiptsConfig } from '../receipts.config';
import { ANSWER_TRUST, AnswerTrust } from './answer-receiving.service';

/** The CAs the operator trusts on the tax office's signatures; read at start, named on failure. */
export function answerTrustProvider(config: ReceiptsConfig): Provider {
  return {
    provide: ANSWER_TRUST,
    useFactory: (): AnswerTrust => {
      const file = config.TRUSTED_CA_FILE ?? join(config.TKS_PKI_DIR ?? '', 'gost', 'test-cas.pem');
      let pem: string;
      try {
        pem = readFileSync(file, 'utf8');
      } catch {
        throw new Error(`TRUSTED_CA_FILE: cannot read ${file}`);
      }
      const trustedCertificates = parseCertificateBundle(pem);
      if (trustedCertificates.length === 0) throw new Error(`TRUSTED_CA_FILE: no certificate in ${file}`);
      return { engine: createGostEngine(), trustedCertificates };
    },
  };
}
