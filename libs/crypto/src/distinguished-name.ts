import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const ATTRIBUTE_TYPES = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11', L: '2.5.4.7', C: '2.5.4.6' } as const;
export type NameAttribute = keyof typeof ATTRIBUTE_TYPES;

/**
 * A distinguished name built from its parts, one RDN each, encoded through DER. @peculiar/x509
 * mangles a value with double quotes when it builds a Name from text or JSON (`ООО "Ромашка"`
 * becomes `Ромашка`), and Russian organisation names nearly always have them.
 */
export function distinguishedName(parts: ReadonlyArray<readonly [NameAttribute, string]>): x509.Name {
  const name = new pkijs.RelativeDistinguishedNames({
    typesAndValues: parts.map(
      ([type, value]) =>
        new pkijs.AttributeTypeAndValue({
          type: ATTRIBUTE_TYPES[type],
          // Country is a PrintableString (RFC 5280); the rest UTF8String, which holds Cyrillic.
          value: type === 'C' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
        }),
    ),
  });
  const sequence = new asn1js.Sequence({
    value: name.typesAndValues.map((tv) => new asn1js.Set({ value: [tv.toSchema()] })),
  });
  return new x509.Name(sequence.toBER(false));
}
