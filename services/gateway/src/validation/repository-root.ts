import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder above `from` with a package.json: the repository, from src/ or from dist/. */
export function repositoryRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
}
