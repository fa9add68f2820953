import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchemaRegistry } from './schema-registry';

describe('loadSchemaRegistry', () => {
  let dir: string;
  const folder = (...parts: string[]) => {
    const path = join(dir, ...parts);
    mkdirSync(path, { recursive: true });
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tks-schemas-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the one .xsd of each <КНД>/<ВерсФорм> folder, and skips folders that are not forms', () => {
    writeFileSync(join(folder('1152017', '5.08'), 'NO_USN.xsd'), '<x/>');
    writeFileSync(join(folder('1152017', '5.07'), 'NO_USN_old.xsd'), '<x/>');
    writeFileSync(join(folder('receipts'), 'KV.xsd'), '<x/>');
    const registry = loadSchemaRegistry(dir);
    expect(registry.find('1152017', '5.08')?.xsdPath).toBe(join(dir, '1152017', '5.08', 'NO_USN.xsd'));
    expect(registry.find('1152017', '5.07')).toBeDefined();
    expect(registry.find('1152017', '5.09')).toBeUndefined();
    expect(registry.all).toHaveLength(2);
  });

  it('takes the main schema of a folder with several from manifest.json', () => {
    const path = folder('1151001', '5.08');
    writeFileSync(join(path, 'main.xsd'), '<x/>');
    writeFileSync(join(path, 'types.xsd'), '<x/>');
    writeFileSync(join(path, 'manifest.json'), JSON.stringify({ main: 'main.xsd' }));
    expect(loadSchemaRegistry(dir).find('1151001', '5.08')?.xsdPath).toBe(join(path, 'main.xsd'));
  });

  it('stops on a folder it cannot read: several .xsd without a manifest, a bad version, no directory', () => {
    const path = folder('1151001', '5.08');
    writeFileSync(join(path, 'a.xsd'), '<x/>');
    writeFileSync(join(path, 'b.xsd'), '<x/>');
    expect(() => loadSchemaRegistry(dir)).toThrow(/manifest.json/);
    rmSync(path, { recursive: true });
    folder('1151001', 'latest');
    expect(() => loadSchemaRegistry(dir)).toThrow(/not a ВерсФорм/);
    expect(() => loadSchemaRegistry(join(dir, 'missing'))).toThrow(/does not exist/);
  });
});
