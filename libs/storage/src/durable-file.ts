import { open } from 'node:fs/promises';

/**
 * fsync of a file and of a directory. A rename is durable only once the directory that holds the
 * new name is synced, and the bytes only once the file is: without both, a crash after the
 * database commit that follows a write could leave a row pointing at a missing or empty file.
 */
export interface DurableSync {
  file(path: string): Promise<void>;
  directory(path: string): Promise<void>;
}

async function fsyncPath(path: string): Promise<void> {
  // Read-only descriptors may be synced on Linux, and a directory can only be opened read-only.
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const fsyncDurably: DurableSync = { file: fsyncPath, directory: fsyncPath };
