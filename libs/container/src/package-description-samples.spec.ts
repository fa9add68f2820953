import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { validateAgainstXsd } from '@tks/xml';
import { descriptionSchemaPath } from './description-schema';
import { decodePackageDescription } from './package-description';

const dir = join(__dirname, '../test/fixtures/other-operator');
const read = (name: string) => readFileSync(join(dir, name));

/** Descriptions another operator wrote (test/fixtures/other-operator/README.md), read by tks. */
describe("another operator's package descriptions", () => {
  it.each([
    'packageDescription_ION_06_10_04_podtverzhdenieDatyOtpravki.xml',
    'packageDescription_ION_06_07_07_otvetNO.xml',
    'packageDescription_rassylka_05_01_01.xml',
  ])('%s validates against the official schema and reads', (name) => {
    const bytes = read(name);
    expect(validateAgainstXsd(iconv.decode(bytes, 'win1251'), descriptionSchemaPath())).toMatchObject({
      ok: true,
    });
    const description = decodePackageDescription(bytes);
    expect(description.programVersion).toBeTruthy();
    for (const document of description.documents) {
      expect(document.documentId).toMatch(/^[0-9a-f]{32}$/);
      expect(document.contentFileName).toMatch(/^[0-9a-f]{32}\.bin$/);
    }
  });

  it('reads a mailing: the text and attachments signed, its описание unsigned', () => {
    const description = decodePackageDescription(read('packageDescription_rassylka_05_01_01.xml'));
    expect(description).toMatchObject({
      docflowCode: '05',
      transactionCode: '01',
      sender: { id: '5501', type: 'налоговыйОрган' },
    });
    expect(
      description.documents.map((d) => [d.typeCode, d.typeName, d.compressed, d.signatures.length]),
    ).toEqual([
      ['01', 'рассылка', true, 1],
      ['02', 'описание', false, 0],
      ['03', 'приложение', true, 1],
      ['03', 'приложение', true, 1],
    ]);
    expect(description.documents[2]).toMatchObject({
      contentType: 'ms-word',
      originalFileName: 'Балкансервис 1.doc',
    });
  });

  it('reads an encrypted answer of a tax office', () => {
    const description = decodePackageDescription(read('packageDescription_ION_06_07_07_otvetNO.xml'));
    expect(description.documents[0]).toMatchObject({ typeName: 'ответ', encrypted: true, compressed: true });
    expect(description.documents[0].signatures[0].role).toBe('налоговыйОрган');
  });
});
