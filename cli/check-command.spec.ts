import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNdfl6Declaration, buildUsnDeclaration } from '../libs/xml/src/fixtures';
import { runCheckCommand, type FileCheck } from './check-command';

const company = { inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' };

describe('tks check', () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tks-check-cli-'));
    out = '';
    // Captures the output; the command awaits its last write's callback, so the stub calls it.
    const capture = (chunk: unknown, ...rest: unknown[]): boolean => {
      out += String(chunk);
      (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 on a folder whose every declaration would be accepted, walking sub-folders', async () => {
    const usn = buildUsnDeclaration(company);
    const ndfl6 = buildNdfl6Declaration(company);
    mkdirSync(join(dir, 'q3'));
    writeFileSync(join(dir, usn.fileName), usn.bytes);
    writeFileSync(join(dir, 'q3', ndfl6.fileName), ndfl6.bytes);
    writeFileSync(join(dir, 'notes.txt'), 'not a declaration');
    expect(await runCheckCommand([dir, '--inn', company.inn])).toBe(0);
    expect(out).toContain('2 file(s): 2 accepted, 0 refused');
  });

  it('exits 1 when one would be refused and reports its code and every finding as JSON', async () => {
    const good = buildUsnDeclaration(company);
    const bad = buildUsnDeclaration(company);
    writeFileSync(join(dir, good.fileName), good.bytes);
    writeFileSync(join(dir, 'misnamed.xml'), bad.bytes);
    expect(await runCheckCommand([dir, '--json', '--inn', company.inn])).toBe(1);
    const report = JSON.parse(out) as { files: FileCheck[]; accepted: number; refused: number };
    expect(report).toMatchObject({ accepted: 1, refused: 1 });
    const refused = report.files.find((f) => f.verdict === 'refused');
    expect(refused).toMatchObject({ file: join(dir, 'misnamed.xml'), code: '0400400007' });
    expect(refused?.findings.map((f) => `${f.step} ${f.code}`)).toEqual([
      'identity 0400400007',
      'rule 0400400007',
    ]);
  });

  it('refuses a declaration of another taxpayer than --inn', async () => {
    const d = buildUsnDeclaration({ inn: '7728168971', kpp: '773601001', taxOfficeCode: '7736' });
    writeFileSync(join(dir, d.fileName), d.bytes);
    expect(await runCheckCommand([join(dir, d.fileName), '--inn', company.inn])).toBe(1);
    expect(out).toContain('(TKS-SUBSCRIBER-MISMATCH)');
  });

  it('exits 2 without a file', async () => {
    expect(await runCheckCommand([])).toBe(2);
  });
});
