import type { Readable } from 'node:stream';
import { DocumentStore } from '@tks/storage';
import { problem } from '../http/problem';

/**
 * Opens a recorded document's bytes before anything is sent, so a file missing from the store
 * (or unreadable) is answered as a problem instead of an unhandled stream error that would bring
 * the whole gateway down.
 */
export function openDocument(store: DocumentStore, sha256: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const content = store.open(sha256);
    const fail = (error: NodeJS.ErrnoException) => {
      content.destroy();
      reject(
        problem(
          500,
          'TKS-DOCUMENT-UNAVAILABLE',
          'The document is recorded but its content cannot be read',
          `the document store answered ${error.code ?? 'an error'}; the failure is logged for the operator`,
        ),
      );
    };
    content.once('error', fail);
    content.once('readable', () => {
      content.off('error', fail);
      resolve(content);
    });
  });
}
