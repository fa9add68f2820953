import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchemaRegistry } from '@tks/xml';
import { acceptedForms } from './accepted-forms';

const shipped = join(__dirname, '..', '..', '..', 'schemas');

describe('acceptedForms', () => {
  it('lists every shipped form and version with its name, schema file and hash, all official', () => {
    const forms = acceptedForms(loadSchemaRegistry(shipped));
    expect(forms.map((f) => `${f.formCode}/${f.formatVersion}`)).toEqual([
      '1151001/5.03',
      '1151001/5.04',
      '1151006/5.07',
      '1151020/5.20',
      '1151099/5.01',
      '1151099/5.02',
      '1151100/5.05',
      '1151111/5.08',
      '1152017/5.09',
    ]);
    expect(forms.find((f) => f.formCode === '1152017')).toEqual({
      formCode: '1152017',
      formatVersion: '5.09',
      name: expect.stringContaining('упрощенной системы налогообложения'),
      schemaFile: 'NO_USN_1_030_00_05_09_01.xsd',
      // schemas/README.md: the official file's SHA-256.
      sha256: 'df903e5cf615e2b4825f1ee7fd5ce724cc34b624910f5b54dcc9d455b7c8af04',
      origin: 'official',
    });
    expect(forms.every((f) => f.origin === 'official')).toBe(true);
  });

  it('marks a schema reconstructed by its file name or its manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tks-forms-'));
    try {
      const usn = join(shipped, '1152017', '5.09', 'NO_USN_1_030_00_05_09_01.xsd');
      mkdirSync(join(dir, '1152017', '5.09'), { recursive: true });
      copyFileSync(usn, join(dir, '1152017', '5.09', 'NO_USN_reconstructed.xsd'));
      mkdirSync(join(dir, '1152017', '5.10'), { recursive: true });
      copyFileSync(usn, join(dir, '1152017', '5.10', 'usn.xsd'));
      writeFileSync(
        join(dir, '1152017', '5.10', 'manifest.json'),
        JSON.stringify({ main: 'usn.xsd', origin: 'reconstructed' }),
      );
      const forms = acceptedForms(loadSchemaRegistry(dir));
      expect(forms.map((f) => [f.formatVersion, f.origin])).toEqual([
        ['5.09', 'reconstructed'],
        ['5.10', 'reconstructed'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
