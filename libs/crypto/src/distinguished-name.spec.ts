import { distinguishedName } from './distinguished-name';

describe('distinguishedName', () => {
  it('keeps quotes and commas of a Russian organisation name, one RDN per part', () => {
    const name = distinguishedName([
      ['CN', 'ООО "Ромашка", филиал №1'],
      ['O', 'ООО "Ромашка"'],
      ['C', 'RU'],
    ]);
    expect(name.toJSON()).toEqual([
      { CN: ['ООО "Ромашка", филиал №1'] },
      { O: ['ООО "Ромашка"'] },
      { C: ['RU'] },
    ]);
  });
});
