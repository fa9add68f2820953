import { hashApiKey, mayRead, maySubmitFor, type Principal } from './principal';

const principal = (
  role: Principal['role'],
  subscribers: string[] = [],
  offices: string[] = [],
): Principal => ({
  keyId: 'k',
  name: 'n',
  role,
  subscriberIds: new Set(subscribers),
  taxOfficeCodes: new Set(offices),
});

describe('access of an API key', () => {
  it('lets a client file for and read only its own subscribers', () => {
    const client = principal('client', ['2TK-a']);
    expect(maySubmitFor(client, '2TK-a')).toBe(true);
    expect(maySubmitFor(client, '2TK-b')).toBe(false);
    expect(mayRead(client, { subscriberId: '2TK-b', taxOfficeCode: '7736' })).toBe(false);
  });

  it('lets an inspector read the filings of its tax offices, and file nothing', () => {
    const inspector = principal('inspector', ['2TK-a'], ['7736']);
    expect(maySubmitFor(inspector, '2TK-a')).toBe(false);
    expect(mayRead(inspector, { subscriberId: '2TK-x', taxOfficeCode: '7736' })).toBe(true);
    expect(mayRead(inspector, { subscriberId: '2TK-a', taxOfficeCode: '7701' })).toBe(false);
    expect(mayRead(inspector, { subscriberId: '2TK-a', taxOfficeCode: null })).toBe(false);
  });

  it('lets the operator do everything', () => {
    expect(maySubmitFor(principal('operator'), 'any')).toBe(true);
  });

  it('hashes keys with SHA-256', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
