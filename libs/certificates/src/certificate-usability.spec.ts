import type { CertificateState } from '@tks/contracts';
import { certificateUsability, missingCertificate } from './certificate-usability';

const now = new Date('2026-06-01T12:00:00Z');
const at = (iso: string) => new Date(iso).toISOString();

function certificate(overrides: Partial<CertificateState> = {}): CertificateState {
  return {
    certificateId: 'a'.repeat(64),
    serialNumber: '01',
    subject: 'CN=ПАО Сбербанк',
    issuer: 'CN=TKS Test CA',
    notBefore: at('2026-01-01T00:00:00Z'),
    notAfter: at('2027-01-01T00:00:00Z'),
    publicKeyAlgorithm: '1.2.840.10045.2.1',
    identity: { innLe: '7707083893' },
    lifecycle: 'current',
    status: 'valid',
    checkedAt: at('2026-05-01T00:00:00Z'),
    taxAuthority: { status: 'registered' },
    expiryWarnings: [],
    boundAt: at('2026-05-01T00:00:00Z'),
    der: '',
    ...overrides,
  };
}

describe('certificateUsability', () => {
  it('takes a current, valid, registered certificate within its validity', () => {
    expect(certificateUsability(certificate(), now)).toEqual({ usable: true });
  });

  it('takes a superseded certificate until its usableUntil, not after', () => {
    const superseded = (usableUntil: string) =>
      certificate({ lifecycle: 'superseded', usableUntil: at(usableUntil) });
    expect(certificateUsability(superseded('2026-06-02T00:00:00Z'), now).usable).toBe(true);
    expect(certificateUsability(superseded('2026-06-01T12:00:00Z'), now).usable).toBe(false);
  });

  it.each<[string, Partial<CertificateState>, RegExp]>([
    ['revoked', { lifecycle: 'revoked' }, /revoked/],
    ['retired', { lifecycle: 'retired' }, /retired/],
    ['expired', { notAfter: at('2026-06-01T11:59:59Z') }, /expired on 2026-06-01T11:59:59/],
    ['not yet valid', { notBefore: at('2026-06-02T00:00:00Z') }, /not valid before/],
    ['untrusted by the checkers', { status: 'untrusted' }, /checker status untrusted/],
    ['pending registration', { taxAuthority: { status: 'pending' } }, /not yet registered/],
    [
      'refused by the tax authority',
      { taxAuthority: { status: 'rejected', reason: 'revoked' } },
      /registration refused by the tax authority \(revoked\)/,
    ],
  ])('refuses a certificate that is %s', (_, overrides, reason) => {
    const result = certificateUsability(certificate(overrides), now);
    expect(result.usable).toBe(false);
    expect(!result.usable && result.reason).toMatch(reason);
  });
});

describe('missingCertificate', () => {
  it('says when no certificate is bound (unbound ones do not count)', () => {
    expect(missingCertificate([], now)).toMatch(/no qualified certificate bound/);
    expect(missingCertificate([certificate({ lifecycle: 'unbound' })], now)).toMatch(
      /no qualified certificate bound/,
    );
  });

  it('is satisfied by one usable certificate among unusable ones', () => {
    expect(missingCertificate([certificate({ lifecycle: 'revoked' }), certificate()], now)).toBeUndefined();
  });

  it('names the reason of each certificate when none is usable', () => {
    const message = missingCertificate(
      [
        certificate({ certificateId: 'b'.repeat(64), taxAuthority: { status: 'pending' } }),
        certificate({ certificateId: 'c'.repeat(64), lifecycle: 'revoked' }),
      ],
      now,
    );
    expect(message).toMatch(/no usable qualified certificate/);
    expect(message).toMatch(/bbbbbbbbbbbbbbbb…: not yet registered/);
    expect(message).toMatch(/cccccccccccccccc…: revoked/);
  });
});
