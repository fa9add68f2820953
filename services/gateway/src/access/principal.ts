import { createHash } from 'node:crypto';
import type { ApiKeyRole } from './api-key.entity';

/** The caller of a request, as its API key allows it. */
export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly role: ApiKeyRole;
  readonly subscriberIds: ReadonlySet<string>;
  readonly taxOfficeCodes: ReadonlySet<string>;
}

/** Keys are stored and looked up by their SHA-256: a leaked table gives no usable key. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** May this caller file declarations for (and read the filings of) this subscriber? */
export function maySubmitFor(principal: Principal, subscriberId: string): boolean {
  if (principal.role === 'operator') return true;
  return principal.role === 'client' && principal.subscriberIds.has(subscriberId);
}

/** May this caller read this filing? Inspectors read what is addressed to their tax offices. */
export function mayRead(
  principal: Principal,
  filing: { subscriberId: string; taxOfficeCode: string | null },
): boolean {
  if (principal.role === 'inspector') {
    return filing.taxOfficeCode !== null && principal.taxOfficeCodes.has(filing.taxOfficeCode);
  }
  return maySubmitFor(principal, filing.subscriberId);
}
