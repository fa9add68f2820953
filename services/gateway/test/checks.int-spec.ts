import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import {
  buildNdfl3Declaration,
  buildNdfl6Declaration,
  buildUsnDeclaration,
  type BuiltDeclaration,
} from '../../../libs/xml/src/fixtures';
import {
  GatewayUnderTest,
  startGatewayUnderTest,
  SUBSCRIBER_A,
  SUBSCRIBER_B,
  SUBSCRIBER_PERSON,
} from './support/gateway-under-test';
import { company, hostileCorpus, MAX_BYTES } from './support/hostile-corpus';

const INN: Record<string, string> = { [SUBSCRIBER_A]: '7707083893', [SUBSCRIBER_PERSON]: '500100732259' };
const DECLARATION_STEPS = new Set(['transport', 'identity', 'schema', 'rule']);

interface Case {
  name: string;
  subscriberId: string;
  /** Raw XML (sent with X-File-Name) or a multipart form built afresh for each request. */
  body: Buffer | (() => Promise<FormData> | FormData);
  contentType?: string;
  /** The name it is sent and stored under; the CLI checks a file of that name. */
  fileName: string;
}

interface Finding {
  code: string;
  level: 'error' | 'warning';
  step: string;
  line?: number;
  message: string;
}

interface CheckReport {
  verdict: 'accepted' | 'refused';
  refusal: { status: number; code: string } | null;
  findings: Finding[];
}

interface CliFile {
  file: string;
  verdict: 'accepted' | 'refused';
  code: string | null;
  findings: Finding[];
}

const cp1251 = (text: string) => iconv.encode(text, 'windows-1251');
const usn = () => buildUsnDeclaration(company);
const raw = (d: BuiltDeclaration, text = d.text, fileName = d.fileName) => ({
  body: cp1251(text),
  fileName,
});

/** The fixtures: the test builders' declarations of each form, and one fault of each step. */
function fixtures(gw: GatewayUnderTest): Case[] {
  const a = SUBSCRIBER_A;
  const signed = (d: BuiltDeclaration, signerOf: string) => async () => {
    const form = new FormData();
    form.set('subscriberId', a);
    form.set('declaration', new Blob([d.bytes], { type: 'application/xml' }), d.fileName);
    form.set('signature', new Blob([await gw.certificates[signerOf].sign(d.bytes)]), 'declaration.sig');
    return form;
  };
  const wrongOffice = buildUsnDeclaration({
    ...company,
    fileId: `NO_USN_7736_7701_7707083893773601001_20261125_${randomUUID().toUpperCase()}`,
  });
  const ruleBroken = usn();
  const extraElement = usn();
  const misnamed = usn();
  const clientSigned = usn();
  const foreignSigned = usn();
  return [
    { name: 'a УСН 5.09 declaration', subscriberId: a, ...raw(usn()) },
    { name: 'a 6-НДФЛ 5.05 declaration', subscriberId: a, ...raw(buildNdfl6Declaration(company)) },
    {
      name: 'a 3-НДФЛ 5.20 declaration of a person',
      subscriberId: SUBSCRIBER_PERSON,
      ...raw(buildNdfl3Declaration()),
    },
    {
      name: 'a declaration breaking the ОбНал control rule',
      subscriberId: a,
      ...raw(ruleBroken, ruleBroken.text.replace('<УСН ОбНал="1">', '<УСН ОбНал="2">')),
    },
    {
      name: 'a declaration with an element its XSD does not allow',
      subscriberId: a,
      ...raw(extraElement, extraElement.text.replace('</УСН>', '<Лишний/></УСН>')),
    },
    { name: 'a misnamed file', subscriberId: a, ...raw(misnamed, misnamed.text, 'NO_USN_misnamed.xml') },
    { name: 'a ИдФайл naming another tax office', subscriberId: a, ...raw(wrongOffice) },
    {
      name: 'a declaration with the subscriber’s own signature',
      subscriberId: a,
      body: signed(clientSigned, SUBSCRIBER_A),
      fileName: clientSigned.fileName,
    },
    {
      name: 'a declaration signed with another subscriber’s certificate',
      subscriberId: a,
      body: signed(foreignSigned, SUBSCRIBER_B),
      fileName: foreignSigned.fileName,
    },
  ];
}

/** The hostile corpus of the intake, each sent as a client would (raw bodies under a file name). */
const hostile = (): Case[] =>
  hostileCorpus().map((c) => ({
    name: `hostile: ${c.name}`,
    subscriberId: SUBSCRIBER_A,
    body: c.body,
    contentType: c.contentType,
    fileName: c.fileName ?? 'declaration.xml',
  }));

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const cli = join(__dirname, '..', '..', '..', 'cli', 'bin', 'tks.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/**
 * Issue 15: for every fixture and every hostile input, `POST /checks`, `tks check` and a real filing
 * give the same verdict and the same codes, through both validation paths (in memory, and streamed
 * as for large files); a check records nothing.
 */
describe.each([
  ['in memory', {}],
  ['streamed', { XSD_IN_MEMORY_MAX_BYTES: '512' }],
])('a check and a filing agree, validated %s', (_path, limits: Record<string, string>) => {
  let gw: GatewayUnderTest;
  let dir: string;
  let cases: Case[];
  const cli = new Map<string, CliFile>();
  const cliExit: Record<string, number | null> = {};

  beforeAll(async () => {
    gw = await startGatewayUnderTest({ MAX_DECLARATION_BYTES: String(MAX_BYTES), ...limits });
    // Unsigned declarations that pass every check are taken in (to wait for consent), not refused.
    await gw.putCloudKey(SUBSCRIBER_A);
    await gw.putCloudKey(SUBSCRIBER_PERSON);
    cases = [...fixtures(gw), ...hostile()];
    // One folder per subscriber's INN, one sub-folder per case so each keeps its own file name.
    dir = await mkdtemp(join(tmpdir(), 'tks-check-cases-'));
    for (const [index, c] of cases.entries()) {
      const bytes = Buffer.isBuffer(c.body) ? c.body : await declarationOf(await c.body());
      if (!bytes) continue;
      await mkdir(join(dir, c.subscriberId, String(index)), { recursive: true });
      await writeFile(join(dir, c.subscriberId, String(index), c.fileName), bytes);
    }
    const env = { MAX_DECLARATION_BYTES: String(MAX_BYTES), ...limits };
    for (const subscriberId of [SUBSCRIBER_A, SUBSCRIBER_PERSON]) {
      const run = await runCli(['check', join(dir, subscriberId), '--json', '--inn', INN[subscriberId]], env);
      cliExit[subscriberId] = run.code;
      for (const file of (JSON.parse(run.out) as { files: CliFile[] }).files) cli.set(file.file, file);
    }
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    expect(await gw?.stop()).toBe(0);
  });

  const send = async (c: Case, path: 'checks' | 'filings') => {
    const headers: Record<string, string> = { authorization: `Bearer ${gw.keys.clientA}` };
    let body: Buffer | FormData;
    let url = `${gw.baseUrl}/api/v1/${path}`;
    if (Buffer.isBuffer(c.body)) {
      body = c.body;
      headers['content-type'] = c.contentType ?? 'application/xml';
      headers['x-file-name'] = encodeURIComponent(c.fileName);
      url += `?subscriberId=${c.subscriberId}`;
    } else {
      body = await c.body();
    }
    const response = await fetch(url, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const recorded = async () =>
    (
      await gw.db.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM gateway.filings) + (SELECT count(*) FROM gateway.outbox) AS n`,
      )
    ).rows[0]?.n;

  it.each([...fixturesNames(), ...hostileCorpus().map((c) => `hostile: ${c.name}`)])(
    '%s: the same verdict and codes from POST /checks, tks check and a filing',
    async (name) => {
      const index = cases.findIndex((c) => c.name === name);
      const c = cases[index] as Case;
      const before = await recorded();
      const check = await send(c, 'checks');
      expect(await recorded()).toBe(before);
      const filing = await send(c, 'filings');

      if (check.status !== 200) {
        // A fault of the request itself (media type, multipart): the same problem as the filing's.
        expect(filing.status).toBe(check.status);
        expect(filing.body.code).toBe(check.body.code);
        return;
      }
      const report = check.body as unknown as CheckReport;
      if (report.verdict === 'accepted') {
        expect(filing.status).toBe(202);
      } else {
        expect(filing.status).toBe(report.refusal?.status);
        // The filing's problem is the check's refusal: code, title, detail and every error.
        expect(filing.body).toMatchObject(report.refusal as object);
        const errorCodes = new Set(report.findings.filter((f) => f.level === 'error').map((f) => f.code));
        expect(errorCodes.has(String(filing.body.code))).toBe(true);
      }

      const file = cli.get(join(dir, c.subscriberId, String(index), c.fileName));
      if (!file) return; // a multipart fault has no file to check offline
      const own = report.findings.filter((f) => DECLARATION_STEPS.has(f.step));
      expect(file.findings).toEqual(own);
      const declarationRefusal = own.some((f) => f.level === 'error');
      expect(file.verdict).toBe(declarationRefusal ? 'refused' : 'accepted');
      // Offline there is no subscriber certificate or signature: where the declaration itself passes,
      // the filing's verdict then rests on the authority step alone.
      if (declarationRefusal || report.verdict === 'accepted') {
        expect(file.verdict).toBe(report.verdict);
        expect(file.code).toBe(report.refusal?.code ?? null);
      } else {
        expect(report.findings.find((f) => f.level === 'error')?.step).toBe('authority');
      }
    },
  );

  it('tks check exits 0 only for a folder whose every file would be accepted', () => {
    expect(cliExit[SUBSCRIBER_A]).toBe(1);
    expect(cliExit[SUBSCRIBER_PERSON]).toBe(0);
  });

  it('warns on a check of a declaration filed before: filing it again answers with that filing', async () => {
    const d = usn();
    const c: Case = { name: 'filed before', subscriberId: SUBSCRIBER_A, ...raw(d) };
    const first = await send(c, 'filings');
    expect(first.status).toBe(202);
    const check = await send(c, 'checks');
    expect(check.body).toMatchObject({
      verdict: 'accepted',
      findings: expect.arrayContaining([
        expect.objectContaining({ code: 'TKS-ALREADY-FILED', level: 'warning' }),
      ]),
    });
    const again = await send(c, 'filings');
    expect(again).toMatchObject({ status: 202, body: { filingId: first.body.filingId } });
  });

  it('checks without a subscriber: the declaration’s own steps, and says what it did not check', async () => {
    const d = buildUsnDeclaration({ inn: '7728168971', kpp: '773601001', taxOfficeCode: '7736' });
    const response = await fetch(`${gw.baseUrl}/api/v1/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.keys.inspector7736}`, 'content-type': 'application/xml' },
      body: d.bytes,
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as CheckReport;
    expect(report.verdict).toBe('accepted');
    expect(report.findings.map((f) => `${f.level} ${f.code} ${f.step}`)).toEqual(
      expect.arrayContaining(['warning TKS-CHECK-SKIPPED identity', 'warning TKS-CHECK-SKIPPED authority']),
    );
  });

  it('lists the accepted forms from the shipped schemas', async () => {
    const response = await fetch(`${gw.baseUrl}/api/v1/forms`, {
      headers: { authorization: `Bearer ${gw.keys.inspector7736}` },
    });
    const { items } = (await response.json()) as { items: Array<Record<string, string>> };
    expect(items).toContainEqual(
      expect.objectContaining({
        formCode: '1152017',
        formatVersion: '5.09',
        schemaFile: 'NO_USN_1_030_00_05_09_01.xsd',
        origin: 'official',
      }),
    );
    expect(items.map((f) => `${f.formCode}/${f.formatVersion}`)).toEqual(
      expect.arrayContaining(['1151001/5.03', '1151001/5.04', '1151100/5.05', '1151111/5.08']),
    );
  });
});

/** The fixtures' names, known before the gateway (and its certificates) exist. */
function fixturesNames(): string[] {
  return [
    'a УСН 5.09 declaration',
    'a 6-НДФЛ 5.05 declaration',
    'a 3-НДФЛ 5.20 declaration of a person',
    'a declaration breaking the ОбНал control rule',
    'a declaration with an element its XSD does not allow',
    'a misnamed file',
    'a ИдФайл naming another tax office',
    'a declaration with the subscriber’s own signature',
    'a declaration signed with another subscriber’s certificate',
  ];
}

/** The declaration part of a multipart case, to check offline too; none when the form has none. */
async function declarationOf(form: FormData): Promise<Buffer | undefined> {
  const part = form.get('declaration');
  return part instanceof Blob ? Buffer.from(await part.arrayBuffer()) : undefined;
}
