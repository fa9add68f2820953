import * as iconv from 'iconv-lite';
import { createSoftwareEngine, signDetached } from '@tks/crypto';
import { createTestCa, issueCertificate, SIGNING_TIME } from '../../crypto/src/testing/test-pki';
import {
  CONTAINER_ERROR_CODES,
  ContainerError,
  DOCUMENT_PROBLEM_CODES,
  SIGNATURE_PROBLEM_CODES,
} from './container-error';
import { openContainer, OpenedContainer } from './open-container';
import { sealContainer } from './seal-container';
import { readZip, writeZip, ZipEntry } from './zip-archive';

/**
 * No input makes openContainer fail with an unexplained error: over truncated, bit-flipped,
 * renamed and garbage containers, it either rejects with a documented container-level code or
 * reports each document and signature with a documented code or a verification (docs/errors.md).
 * Seeded, so a failure repeats; about two hundred cases, a few seconds.
 */
const engine = createSoftwareEngine();
const declaration = iconv.encode(
  '<?xml version="1.0" encoding="windows-1251"?>\n<Файл ИдФайл="NO_USN_0087"><Документ КНД="1152017"/></Файл>\n',
  'win1251',
);

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// Each case opens and verifies; on a loaded machine a hundred cases take a few seconds.
jest.setTimeout(60_000);

describe('opening broken containers', () => {
  let archive: Buffer;
  let files: ZipEntry[];
  const outcomes = new Map<string, number>();

  beforeAll(async () => {
    const ca = await createTestCa();
    const signer = await issueCertificate(ca, { subject: 'CN=Fuzz, O=TKS, C=RU' });
    const signature = await signDetached({
      content: declaration,
      certificate: signer.der,
      privateKey: signer.keys.privateKey,
      engine,
      signingTime: SIGNING_TIME,
    });
    const sealed = await sealContainer({
      senderId: '0087',
      recipientId: '2TK-0123456789abcdef0123456789abcdef',
      docflowId: '0123456789abcdef0123456789abcdef',
      docflowCode: '01',
      transactionCode: '04',
      programVersion: 'tks fuzz',
      documents: [
        {
          typeCode: '06',
          fileName: 'KV_NO_USN.xml',
          content: declaration,
          signatures: [{ data: signature, role: 'налоговыйОрган' }],
        },
        { typeCode: '01', fileName: 'NO_USN.xml', signatures: [{ data: signature, role: 'налоговыйОрган' }] },
        {
          typeCode: '10',
          fileName: 'приложение.bin',
          content: Buffer.from([0, 1, 2, 3, 255]),
          contentType: 'bin',
          signatures: [],
        },
      ],
    });
    archive = sealed.archive;
    files = await readZip(archive);
  });

  afterAll(() => {
    // What the cases ended in, for whoever reads a failing run.
    expect(outcomes.size).toBeGreaterThan(3);
  });

  async function expectExplained(input: Buffer): Promise<void> {
    let opened: OpenedContainer;
    try {
      opened = await openContainer(input, { engine, detachedContent: () => undefined });
    } catch (error) {
      expect(error).toBeInstanceOf(ContainerError);
      const code = (error as ContainerError).code;
      expect(Object.values(CONTAINER_ERROR_CODES)).toContain(code);
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
      return;
    }
    for (const document of opened.documents) {
      if (document.content === undefined) {
        expect(Object.keys(DOCUMENT_PROBLEM_CODES)).toContain(document.problemCode);
        outcomes.set(document.problemCode ?? '', (outcomes.get(document.problemCode ?? '') ?? 0) + 1);
      }
      for (const signature of document.signatures) {
        if (signature.problemCode !== undefined) {
          expect(Object.keys(SIGNATURE_PROBLEM_CODES)).toContain(signature.problemCode);
        } else if (document.content !== undefined) {
          expect(typeof signature.verification?.reason).toBe('string');
          const reason = signature.verification?.reason ?? '';
          outcomes.set(reason, (outcomes.get(reason) ?? 0) + 1);
        }
      }
    }
  }

  it('opens the intact container', async () => {
    const opened = await openContainer(archive);
    expect(opened.documents.map((d) => d.problemCode)).toEqual([
      undefined,
      'CONTENT_HELD_ELSEWHERE',
      undefined,
    ]);
  });

  it('explains every truncation', async () => {
    const random = prng(1);
    for (let i = 0; i < 60; i++)
      await expectExplained(archive.subarray(0, Math.floor(random() * archive.length)));
  });

  it('explains every bit flip in the archive', async () => {
    const random = prng(2);
    for (let i = 0; i < 60; i++) {
      const flipped = Buffer.from(archive);
      flipped[Math.floor(random() * flipped.length)] ^= 1 << Math.floor(random() * 8);
      await expectExplained(flipped);
    }
  });

  it('explains every bit flip and truncation inside each file (description, content, signature)', async () => {
    const random = prng(3);
    for (let i = 0; i < 50; i++) {
      const target = Math.floor(random() * files.length);
      const damaged = files.map((file, index) => {
        if (index !== target) return file;
        const data = Buffer.from(file.data);
        if (random() < 0.5) data[Math.floor(random() * data.length)] ^= 1 << Math.floor(random() * 8);
        return {
          name: file.name,
          data: random() < 0.5 ? data : data.subarray(0, Math.floor(random() * data.length)),
        };
      });
      await expectExplained(await writeZip(damaged));
    }
  });

  it('explains files renamed, dropped or replaced by garbage', async () => {
    for (const [index] of files.entries()) {
      const renamed = files.map((f, i) => (i === index ? { name: `x${f.name}`, data: f.data } : f));
      await expectExplained(await writeZip(renamed));
      await expectExplained(await writeZip(files.filter((_, i) => i !== index)));
      const garbage = files.map((f, i) =>
        i === index ? { name: f.name, data: Buffer.from('PK\x03\x04garbage', 'latin1') } : f,
      );
      await expectExplained(await writeZip(garbage));
    }
  });

  /** yazl refuses to write a name with `..`: one is patched in afterwards, as a hostile tool would. */
  async function escaping(): Promise<Buffer> {
    const zip = await writeZip([{ name: 'zz/packageDescription.xml', data: Buffer.from('x') }]);
    return Buffer.from(zip.toString('latin1').replace(/zz\//g, '../'), 'latin1');
  }

  it('explains archives that are not containers at all', async () => {
    const random = prng(4);
    const noise = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
    for (const input of [
      Buffer.alloc(0),
      noise,
      Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), noise]),
      Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]),
      await writeZip([]),
      await writeZip([{ name: 'packageDescription.xml', data: Buffer.from('<ТрансИнф/>') }]),
      await writeZip([{ name: 'packageDescription.xml', data: Buffer.from('not xml') }]),
      await writeZip([{ name: 'packageDescription.xml', data: noise }]),
      await escaping(),
    ]) {
      await expectExplained(input);
    }
  });
});
