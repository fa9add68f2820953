/**
 * Object identifiers of the Russian qualified certificate (Federal Law 63-FZ, FSB order 795 on the
 * form of a qualified certificate; domain README "Qualified certificates").
 */
export const RussianOid = {
  /** ИНН of a natural person (or, in certificates before 2022, of anyone): NumericString(12). */
  inn: '1.2.643.3.131.1.1',
  /** ИНН ЮЛ, the INN of a legal entity: NumericString(10). */
  innLe: '1.2.643.100.4',
  /** ОГРН: NumericString(13). */
  ogrn: '1.2.643.100.1',
  /** СНИЛС: NumericString(11). */
  snils: '1.2.643.100.3',
  /** ОГРНИП: NumericString(15). */
  ogrnip: '1.2.643.100.5',
  /** subjectSignTool: the owner's signing tool, a UTF8String. */
  subjectSignTool: '1.2.643.100.111',
  /** issuerSignTools: SEQUENCE of four UTF8Strings (CA tool, CA software, their conformity certificates). */
  issuerSignTools: '1.2.643.100.112',
} as const;

/** GOST R 34.10-2012 public keys (256 and 512 bits). */
export const GostKeyOid = {
  gost2012_256: '1.2.643.7.1.1.1.1',
  gost2012_512: '1.2.643.7.1.1.1.2',
} as const;
