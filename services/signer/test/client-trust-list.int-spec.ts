import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { waitUntil } from '@tks/testing';
import {
  createTestAuthority,
  days,
  issueCrl,
  issueQualifiedCertificate,
} from '../../../libs/certificates/src/testing/test-ca';
import { ClientTrustList } from '../src/verification/client-trust-list';

/**
 * Issue 17: the signer checks a client's certificate for chain and revocation by default, against
 * CAs and CRLs it rereads when a file changes: a CRL published after the certificate was bound
 * applies to the next filing, without a restart.
 */
describe('the signer’s client trust list', () => {
  it('finds a client certificate valid, then revoked once its CA’s new CRL is written, and refuses an unknown CA', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tks-int-client-trust-'));
    const ca = await createTestAuthority();
    await writeFile(join(dir, 'ca.pem'), ca.pem);
    const publish = async (crl: Awaited<ReturnType<typeof issueCrl>>) => {
      await writeFile(join(dir, '.crl.tmp'), crl.toString('pem'));
      await rename(join(dir, '.crl.tmp'), join(dir, 'ca.crl.pem'));
    };
    await publish(await issueCrl(ca, [], { nextUpdate: days(30) }));
    const subject = { commonName: 'ПАО Сбербанк', innLe: '7707083893' };
    const client = await issueQualifiedCertificate(ca, { subject });
    const asPkijs = (c: typeof client) => pkijs.Certificate.fromBER(c.rawData);

    const trust = await ClientTrustList.load([dir]);
    try {
      expect(await trust.status(asPkijs(client), new Date())).toMatchObject({ status: 'valid' });
      const stranger = await issueQualifiedCertificate(await createTestAuthority(), { subject });
      expect((await trust.status(asPkijs(stranger), new Date())).status).not.toBe('valid');

      await publish(await issueCrl(ca, [client], { nextUpdate: days(30) }));
      await waitUntil(
        'the new CRL to revoke the client certificate',
        async () => (await trust.status(asPkijs(client), new Date())).status === 'revoked',
        10_000,
      );
    } finally {
      trust.close();
    }
  });
});
