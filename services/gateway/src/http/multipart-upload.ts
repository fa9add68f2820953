import busboy from 'busboy';
import type { Request } from 'express';
import { DocumentStore, StoredObject } from '@tks/storage';
import { problem } from './problem';

/**
 * `multipart/form-data` intake, streamed: each file part goes straight into the document store as
 * it arrives (busboy), so a 200 MB declaration is never held in memory. Parts: the field
 * `subscriberId`, the file `declaration`, and optionally the file `signature` (the client's
 * detached CMS). Anything else is refused.
 */
export interface MultipartUpload {
  fields: Record<string, string>;
  declaration?: StoredObject | { tooLarge: number };
  /** The declaration part's filename, checked against ИдФайл like X-File-Name. */
  declarationFileName?: string;
  signature?: StoredObject;
}

export interface MultipartLimits {
  maxDeclarationBytes: number;
  maxSignatureBytes: number;
}

const FIELDS = new Set(['subscriberId']);
const invalid = (detail: string) => problem(400, 'TKS-REQUEST-INVALID', 'Invalid multipart upload', detail);

export function receiveMultipart(
  req: Request,
  store: DocumentStore,
  limits: MultipartLimits,
  /** Every object written to the store, also when the upload fails, so the caller can discard them. */
  received: StoredObject[] = [],
): Promise<MultipartUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // busboy stops a file at fileSize and flags it: one byte over the limit is enough to know.
        limits: { files: 2, fields: 4, parts: 6, fieldSize: 1024, fileSize: limits.maxDeclarationBytes + 1 },
      });
    } catch {
      req.resume();
      reject(invalid('the multipart body has no boundary'));
      return;
    }
    const upload: MultipartUpload = { fields: {} };
    const pending: Array<Promise<void>> = [];
    let failure: unknown;
    const fail = (error: unknown) => {
      failure ??= error;
    };

    parser.on('field', (name, value, info) => {
      if (!FIELDS.has(name)) return fail(invalid(`unexpected field "${name}"`));
      if (info.valueTruncated) return fail(invalid(`field "${name}" is too long`));
      upload.fields[name] = value;
    });
    parser.on('file', (name, file, info) => {
      if ((name !== 'declaration' && name !== 'signature') || upload[name] !== undefined) {
        file.resume();
        return fail(invalid(`unexpected file part "${name}"`));
      }
      const limit = name === 'declaration' ? limits.maxDeclarationBytes : limits.maxSignatureBytes;
      if (name === 'declaration' && info.filename) upload.declarationFileName = info.filename;
      // No limit of our own on the stream: destroying a part mid-way would stall busboy. busboy
      // itself cuts every part at maxDeclarationBytes + 1 and flags it `truncated`.
      pending.push(
        store.putStream(file).then(
          (stored) => {
            received.push(stored);
            const tooLarge = file.truncated || stored.size > limit;
            if (name === 'declaration') upload.declaration = tooLarge ? { tooLarge: limit } : stored;
            else if (tooLarge)
              fail(problem(413, 'TKS-TOO-LARGE', 'Signature too large', `the limit is ${limit} bytes`));
            else upload.signature = stored;
          },
          (error: unknown) => {
            file.resume();
            fail(error);
          },
        ),
      );
    });
    parser.on('partsLimit', () => fail(invalid('too many parts')));
    parser.on('filesLimit', () => fail(invalid('too many files')));
    parser.on('fieldsLimit', () => fail(invalid('too many fields')));
    parser.on('error', (error: unknown) => {
      req.unpipe(parser);
      req.resume();
      fail(invalid(error instanceof Error ? error.message : 'malformed multipart body'));
      void Promise.allSettled(pending).then(() => reject(failure));
    });
    parser.on('close', () => {
      void Promise.allSettled(pending).then(() =>
        failure === undefined ? resolve(upload) : reject(failure),
      );
    });
    req.pipe(parser);
  });
}
