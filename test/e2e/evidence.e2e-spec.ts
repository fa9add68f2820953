import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EvidenceStatement, evidenceStatementSchema } from '@tks/contracts';
import { opensslVerifyDetached, testEnvironment } from '@tks/testing';
import { FilingBody, GatewayClient } from '../../cli/gateway-client';
import { poll } from '../../cli/poll';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import { registerSignedSubscriber, RunningPipeline, startPipeline } from './support/running-pipeline';

const run = promisify(execFile);
const repo = join(__dirname, '..', '..');

/**
 * Issue 14: the operator's signed evidence of an accepted filing's times. The gateway asks the signer
 * (the operator's key never reaches the gateway), answers 202 until it is signed, then the statement
 * verifies with OpenSSL against the test CAs, and its hashes are those of the documents the API serves.
 */
describe('signed evidence of sending and delivery times', () => {
  const env = testEnvironment();
  const testCas = join(env.pkiDir, 'gost', 'test-cas.pem');
  let pipeline: RunningPipeline<'operator' | 'stranger'>;
  let client: GatewayClient;
  /** An accepted filing whose evidence nobody has asked for yet: the first request starts the signing. */
  let unasked: FilingBody;
  let filing: FilingBody;

  beforeAll(async () => {
    pipeline = await startPipeline({ operator: { role: 'operator' }, stranger: { role: 'client' } });
    client = new GatewayClient(pipeline.gatewayUrl, pipeline.keys.operator);
    const { subscriberId, signer } = await registerSignedSubscriber(
      pipeline.gatewayUrl,
      pipeline.keys.operator,
      {
        name: 'ПАО Сбербанк',
        inn: '7707083893',
        kpp: '773601001',
        ogrn: '1027700132195',
      },
    );
    const fileAccepted = async () => {
      const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '9991' });
      const submitted = await client.submit(declaration.bytes, {
        subscriberId,
        fileName: declaration.fileName,
        signature: await signer.sign(declaration.bytes),
      });
      const answered = await poll(
        () => client.filing(submitted.filingId),
        (f) => f.status === 'refused' || f.documents.some((d) => d.kind === 'input-notice-signature'),
        90_000,
        `filing ${submitted.filingId} to hold its input notice`,
      );
      expect(answered.status).toBe('accepted');
      return answered;
    };
    // Two filings: one whose evidence the first test asks for first, one for the others to read.
    [unasked, filing] = await Promise.all([fileAccepted(), fileAccepted()]);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const get = (key: string, of: FilingBody = filing) =>
    fetch(new URL(`/api/v1/filings/${of.filingId}/evidence`, pipeline.gatewayUrl), {
      headers: { authorization: `Bearer ${key}` },
    });

  it('answers 202 with Retry-After while the signer signs, then `tks evidence` writes a statement OpenSSL verifies', async () => {
    const first = await get(pipeline.keys.operator, unasked);
    expect(first.status).toBe(202);
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await first.json()).toMatchObject({ filingId: unasked.filingId, status: 'pending' });

    const out = await mkdtemp(join(tmpdir(), 'tks-e2e-evidence-'));
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        join(repo, 'scripts', 'register-paths.js'),
        join(repo, 'dist', 'cli', 'main.js'),
        'evidence',
        unasked.filingId,
        '--out',
        out,
        '--json',
        '--gateway',
        pipeline.gatewayUrl,
        '--api-key',
        pipeline.keys.operator,
      ],
      { env: { ...process.env } },
    );
    expect(JSON.parse(stdout)).toMatchObject({ valid: true });
    const content = await readFile(join(out, 'evidence.json'));
    const signature = await readFile(join(out, 'evidence.json.p7s'));
    const verified = await opensslVerifyDetached(content, signature, testCas);
    expect(verified.output).toContain('Verification successful');
    expect(verified.ok).toBe(true);
    // One byte changed and OpenSSL refuses it: the signature covers the statement's bytes.
    const altered = Buffer.from(content.toString('utf8').replace('"version":1', '"version":2'), 'utf8');
    expect((await opensslVerifyDetached(altered, signature, testCas)).ok).toBe(false);
  });

  it('states every document of the docflow with the SHA-256 of what the API serves, and times in the docflow’s order', async () => {
    // The first request starts the signing (202); the statement is served once it is signed.
    const response = await poll(
      async () => {
        const answer = await get(pipeline.keys.operator);
        if (answer.status === 202) await answer.body?.cancel();
        return answer;
      },
      (r) => r.status !== 202,
      60_000,
      `the evidence of filing ${filing.filingId} to be signed`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      statement: string;
      statementSha256: string;
      signer: { subject: string };
    };
    expect(createHash('sha256').update(body.statement, 'utf8').digest('hex')).toBe(body.statementSha256);
    const statement: EvidenceStatement = evidenceStatementSchema.parse(JSON.parse(body.statement));
    expect(statement.filing).toMatchObject({
      filingId: filing.filingId,
      fileId: filing.fileId,
      taxOfficeCode: '9991',
    });

    expect(statement.documents.map((d) => d.documentId).sort()).toEqual(
      filing.documents.map((d) => d.documentId).sort(),
    );
    for (const stated of statement.documents) {
      const served = filing.documents.find((d) => d.documentId === stated.documentId);
      const bytes = await client.download(served?.href ?? '');
      expect({
        kind: stated.kind,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        size: bytes.length,
      }).toEqual({
        kind: stated.kind,
        sha256: stated.sha256,
        size: stated.size,
      });
    }

    const declaration = statement.documents.find((d) => d.kind === 'declaration');
    expect(declaration?.receivedFromSender).toEqual({
      at: filing.timeline[0]?.at,
      clock: 'gateway',
      basis: 'intake',
    });
    const received = Date.parse(declaration?.receivedFromSender?.at ?? '');
    const passedOn = Date.parse(declaration?.passedOn?.at ?? '');
    const delivered = Date.parse(declaration?.delivered?.at ?? '');
    expect(received).toBeLessThanOrEqual(passedOn);
    expect(passedOn).toBeLessThanOrEqual(delivered);
    const receipt = statement.documents.find((d) => d.kind === 'acceptance-receipt');
    expect(receipt?.receivedFromSender).toMatchObject({ clock: 'receipts', basis: 'answer-received' });
    expect(Date.parse(receipt?.receivedFromSender?.at ?? '')).toBe(delivered);
    expect(Date.parse(receipt?.passedOn?.at ?? '')).toBeGreaterThanOrEqual(delivered);
    // No receipt notice was sent: the statement claims no delivery to the subscriber.
    expect(receipt?.delivered).toBeNull();
  });

  it('is a 404 for a client key that may not read the filing, like a missing filing', async () => {
    const response = await get(pipeline.keys.stranger);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'TKS-NOT-FOUND' });
  });
});
