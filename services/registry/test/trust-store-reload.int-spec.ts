import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '@tks/testing';
import { createTestAuthority, issueCrl } from '../../../libs/certificates/src/testing/test-ca';
import { TrustStoreService } from '../src/certificates/trust-store.service';
import { RegistryConfig } from '../src/registry.config';

/**
 * The trusted CA directory is reread when a file changes, without a restart. (SIGHUP cannot be sent
 * inside Jest, whose sandboxed `process` does not carry the handler; the e2e test sends it.)
 */
describe('trusted CA directory reload', () => {
  it('picks up a new CRL when it is written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tks-int-reload-'));
    const ca = await createTestAuthority();
    await writeFile(join(dir, 'ca.pem'), ca.pem);
    const store = new TrustStoreService({ TRUSTED_CA_DIR: dir } as RegistryConfig);
    await store.onModuleInit();
    try {
      expect(store.anchors.crls).toHaveLength(0);
      await writeFile(join(dir, 'ca.crl'), new Uint8Array((await issueCrl(ca, [])).rawData));
      await waitUntil('the new CRL to be loaded', () => store.anchors.crls.length === 1, 5_000);
    } finally {
      store.onModuleDestroy();
    }
  });
});
