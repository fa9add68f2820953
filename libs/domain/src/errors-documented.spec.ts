import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from './errors';

describe('docs/errors.md', () => {
  const table = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8');

  it.each(Object.keys(ERROR_CODES))('documents %s', (code) => {
    expect(table).toContain(`| \`${code}\` |`);
  });
});
