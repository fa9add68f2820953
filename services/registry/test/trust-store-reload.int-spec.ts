import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestAuthority, issueCrl } from '../../../libs/certificates/src/testing/test-ca';
import { TrustStoreService } from '../src/certificates/trust-store.service';
import { RegistryConfig } from '../src/registry.config';

/**
 * The trusted CA directory is reread when a file changes, without a restart. (SIGHUP cannot be sent
 * inside Jest, whose sandboxed `process` does not carry the handler; the e2e test sends it.)
 */
describe('trusted CA directory reload', () => {
  const waitFor = async (done: () => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error('not reloaded in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('picks up a new CRL when it is written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tks-int-reload-'));
    const ca = await createTestAuthority();
    await writeFile(join(dir, 'ca.pem'), ca.pem);
    const store = new TrustStoreService({ TRUSTED_CA_DIR: dir } as RegistryConfig);
    await store.onModuleInit();
    try {
      expect(store.anchors.crls).toHaveLength(0);
      await writeFile(join(dir, 'ca.crl'), new Uint8Array((await issueCrl(ca, [])).rawData));
      await waitFor(() => store.anchors.crls.length === 1);
    } finally {
      store.onModuleDestroy();
    }
  });
});
