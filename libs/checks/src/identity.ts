import type { DeclarationHeader } from '@tks/xml';
import type { Finding } from './finding';

/** The code of a declaration filed for a subscriber that is not its taxpayer (docs/errors.md). */
export const SUBSCRIBER_MISMATCH = 'TKS-SUBSCRIBER-MISMATCH';

export interface IdentityContext {
  /** The name the file was sent or stored under, with `.xml`; unknown for a bare upload. */
  readonly fileName?: string;
  /** The INN of the subscriber the declaration is filed for; unknown for an anonymous check. */
  readonly subscriberInn?: string;
}

const identity = (code: string, message: string): Finding => ({
  code,
  message,
  level: 'error',
  step: 'identity',
});

/**
 * Name and identity of a header already read (in memory or streamed), every one of them: the file
 * name, ИдФайл against the content, and the taxpayer against the subscriber. The first is the
 * refusal a filing answers with, so the order is the tax service's.
 */
export function identityFindings(h: DeclarationHeader, context: IdentityContext): Finding[] {
  const findings: Finding[] = [];
  // 0400400007: the file must be named ИдФайл + ".xml". The text is the one the formats' own rule
  // (Табл. 4.1, embedded in every declaration XSD) gives, so the answer reads the same either way.
  if (context.fileName !== undefined && context.fileName !== `${h.fileIdText}.xml`) {
    const name = context.fileName.replace(/\.xml$/i, '');
    findings.push(
      identity(
        '0400400007',
        `Имя файла обмена "${name}" не совпадает со значением элемента ИдФайл "${h.fileIdText}"`,
      ),
    );
  }
  // 0400100005: the sender in ИдФайл is the taxpayer in СвНП.
  const sender = h.fileId.sender;
  if (
    sender.inn !== h.taxpayer.inn ||
    (sender.kind === 'legal-entity' && h.taxpayer.kind === 'legal-entity' && sender.kpp !== h.taxpayer.kpp)
  ) {
    findings.push(identity('0400100005', 'the INN/KPP in ИдФайл differ from the taxpayer in СвНП'));
  }
  // 0100200001: the final recipient in ИдФайл is the tax office in Документ/@КодНО.
  if (h.fileId.finalTaxOffice !== h.taxOfficeCode) {
    findings.push(
      identity(
        '0100200001',
        `ИдФайл names tax office ${h.fileId.finalTaxOffice}, the document ${h.taxOfficeCode}`,
      ),
    );
  }
  if (context.subscriberInn !== undefined && h.taxpayer.inn !== context.subscriberInn) {
    findings.push(identity(SUBSCRIBER_MISMATCH, 'the taxpayer INN differs from the subscriber’s INN'));
  }
  return findings;
}
