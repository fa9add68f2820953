import { domainError, ERROR_CODES, errorCodeEntry, isErrorCode } from './errors';

describe('error code table', () => {
  it('uses FNS classifier codes as 10 digits and project codes with the TKS- prefix', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      if (entry.source === 'fns') expect(code).toMatch(/^\d{10}$/);
      else expect(code).toMatch(/^TKS-[A-Z0-9-]+$/);
      expect([400, 413, 415, 422]).toContain(entry.status);
      expect(entry.title.length).toBeGreaterThan(0);
    }
  });

  it('maps the FNS failures of a filing to their classifier codes', () => {
    expect(errorCodeEntry('0400400007').title).toMatch(/file name/i);
    expect(errorCodeEntry('0300300001').title).toMatch(/XSD/);
    expect(errorCodeEntry('TKS-TOO-LARGE').status).toBe(413);
    expect(errorCodeEntry('TKS-ENCODING').status).toBe(415);
  });

  it('builds errors with and without a detail', () => {
    expect(domainError('TKS-XML-MALFORMED', 'bad')).toEqual({ code: 'TKS-XML-MALFORMED', message: 'bad' });
    expect(domainError('TKS-XML-MALFORMED', 'bad', { line: 3 })).toEqual({
      code: 'TKS-XML-MALFORMED',
      message: 'bad',
      detail: { line: 3 },
    });
  });

  it('tells known codes from unknown ones, including inherited property names', () => {
    expect(isErrorCode('0100100000')).toBe(true);
    expect(isErrorCode('TKS-NOPE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });
});
