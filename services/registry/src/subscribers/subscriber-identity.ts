import { SubscriberRegistrationRequested } from '@tks/contracts';
import { isValidInn, isValidKpp, isValidOgrn } from '@tks/domain';

export type IdentityCheck = { ok: true } | { ok: false; code: string; message: string };

/** A company files with a 10-digit INN and a KPP; an entrepreneur or a person with a 12-digit INN. */
export function checkSubscriberIdentity(request: SubscriberRegistrationRequested): IdentityCheck {
  const expectedLength = request.kind === 'company' ? 10 : 12;
  if (request.inn.length !== expectedLength || !isValidInn(request.inn)) {
    return {
      ok: false,
      code: 'TKS-INN-CHECK-DIGIT',
      message: `INN is not a valid ${expectedLength}-digit INN`,
    };
  }
  if (request.kind === 'company' && (!request.kpp || !isValidKpp(request.kpp))) {
    return { ok: false, code: 'TKS-KPP-FORMAT', message: 'a company needs a valid KPP' };
  }
  if (request.ogrn && !isValidOgrn(request.ogrn)) {
    return { ok: false, code: 'TKS-OGRN-CHECK-DIGIT', message: 'OGRN/OGRNIP check digit is wrong' };
  }
  return { ok: true };
}
