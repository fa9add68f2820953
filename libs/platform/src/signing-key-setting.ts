import { join } from 'node:path';
import { z } from 'zod';

/**
 * Where one signing key lives, as one setting names it (OPERATOR_SIGNING_KEY, TAX_OFFICE_SIGNING_KEY):
 *   pkcs11:<label>                       the key labelled <label> on the token (PKCS11_* settings),
 *                                        with its certificate (same label, or the key's CKA_ID)
 *   file:<dir>                           <dir>/key.pem (encrypted PKCS#8), <dir>/certificate.pem,
 *                                        <dir>/password (the key's password, alone in the file)
 *   file:key=<path>,certificate=<path>,password=<path>   the same three files named one by one
 */
export type SigningKeyLocation =
  | { readonly backend: 'pkcs11'; readonly label: string }
  | {
      readonly backend: 'file';
      readonly keyFile: string;
      readonly certificateFile: string;
      readonly passwordFile: string;
    };

const FORMS = 'pkcs11:<label>, file:<dir> or file:key=<path>,certificate=<path>,password=<path>';

/** Parses a setting's value; the message of a failure says which forms are accepted. */
export function parseSigningKey(value: string): SigningKeyLocation {
  const colon = value.indexOf(':');
  const backend = colon < 0 ? '' : value.slice(0, colon);
  const rest = colon < 0 ? '' : value.slice(colon + 1);
  if (backend === 'pkcs11' && rest.trim() !== '') return { backend, label: rest };
  if (backend === 'file' && rest.trim() !== '') return fileLocation(rest);
  throw new Error(`expected ${FORMS}, got "${value}"`);
}

function fileLocation(rest: string): SigningKeyLocation {
  if (!/^(key|certificate|password)=/.test(rest)) {
    return {
      backend: 'file',
      keyFile: join(rest, 'key.pem'),
      certificateFile: join(rest, 'certificate.pem'),
      passwordFile: join(rest, 'password'),
    };
  }
  const parts = new Map<string, string>();
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq);
    if (eq <= 0 || !['key', 'certificate', 'password'].includes(name) || parts.has(name)) {
      throw new Error(`expected ${FORMS}: "${part}" is not key=, certificate= or password=, once each`);
    }
    parts.set(name, part.slice(eq + 1));
  }
  const [keyFile, certificateFile, passwordFile] = ['key', 'certificate', 'password'].map((name) => {
    const path = parts.get(name);
    if (!path) throw new Error(`expected ${FORMS}: ${name}= is missing`);
    return path;
  });
  return { backend: 'file', keyFile, certificateFile, passwordFile };
}

/** How logs and the signer's records name the key: never a password, only where the key is. */
export function describeSigningKey(location: SigningKeyLocation): string {
  return location.backend === 'pkcs11' ? `pkcs11:${location.label}` : `file:${location.keyFile}`;
}

/** A signing-key setting, parsed at start-up: a wrong value stops the service naming the setting. */
export const signingKeySetting = z
  .string({ required_error: `required: ${FORMS} (infra/env.sh sets the local deployment's)` })
  .transform((value, context): SigningKeyLocation => {
    try {
      return parseSigningKey(value);
    } catch (error) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
      return z.NEVER;
    }
  });

/**
 * Settings that named token keys before the signing-key settings; set, they stop the service with
 * what replaces them, rather than being silently ignored.
 */
export function replacedSetting(replacement: string) {
  return z
    .undefined({
      errorMap: () => ({ message: `no longer read: set ${replacement}=pkcs11:<label> instead` }),
    })
    .optional();
}
