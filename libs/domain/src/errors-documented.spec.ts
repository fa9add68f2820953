import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from './errors';

describe('docs/errors.md', () => {
  const table = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8');
  // One table row per code; Prettier pads the cells, so match the cell, not the exact spacing.
  const rows = new Set([...table.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1]));

  it.each(Object.keys(ERROR_CODES))('documents %s', (code) => {
    expect(rows.has(code)).toBe(true);
  });
});
