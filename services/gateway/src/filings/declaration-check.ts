import { DomainError, errorCodeEntry, isErrorCode } from '@tks/domain';
import { decodeDeclaration, readDeclarationHeader, type DeclarationHeader } from '@tks/xml';
import { DeclarationHistoryFields, historyFields } from '../history/history-fields';
import { Problem } from '../http/problem';
import { SubscriberView } from '../subscribers/subscriber-view.entity';

export interface CheckedDeclaration {
  fileId: string;
  formCode: string;
  /** `Файл/@ВерсФорм`: with the form code, it picks the XSD. */
  formatVersion: string;
  taxOfficeCode: string;
  /** For the inspectors' history (issue 6): the taxpayer, period and year of the header. */
  history?: DeclarationHistoryFields;
}

type ProblemInput = Omit<Problem, 'type'>;
export type DeclarationCheck = { ok: true; value: CheckedDeclaration } | { ok: false; problem: ProblemInput };

/**
 * The checks of a declaration, in the order the tax service applies them: transport (encoding,
 * well-formedness, no DOCTYPE, bounded shape), then name and identity (ИдФайл, file name, INN/KPP
 * and tax office agreeing with the content, and with the subscriber it is filed for).
 */
export function checkDeclaration(
  bytes: Buffer,
  context: { fileName?: string; subscriber: SubscriberView; maxBytes?: number },
): DeclarationCheck & { text?: string } {
  const decoded = decodeDeclaration(bytes, { maxBytes: context.maxBytes ?? bytes.length });
  if (!decoded.ok) return refuse(decoded.error);
  const header = readDeclarationHeader(decoded.value.text);
  if (!header.ok) return refuse(header.error);
  const checked = checkDeclarationHeader(header.value, context);
  return checked.ok ? { ...checked, text: decoded.value.text } : checked;
}

/**
 * The name and identity checks of a header already read (in memory or streamed): the file name,
 * ИдФайл against the content, and the taxpayer against the subscriber.
 */
export function checkDeclarationHeader(
  h: DeclarationHeader,
  context: { fileName?: string; subscriber: SubscriberView },
): DeclarationCheck {
  // 0400400007: the file must be named ИдФайл + ".xml". The text is the one the formats' own rule
  // (Табл. 4.1, embedded in every declaration XSD) gives, so the answer reads the same either way.
  const expectedName = `${h.fileIdText}.xml`;
  if (context.fileName !== undefined && context.fileName !== expectedName) {
    const name = context.fileName.replace(/\.xml$/i, '');
    return fail(
      '0400400007',
      `Имя файла обмена "${name}" не совпадает со значением элемента ИдФайл "${h.fileIdText}"`,
    );
  }
  // 0400100005: the sender in ИдФайл is the taxpayer in СвНП.
  const sender = h.fileId.sender;
  if (
    sender.inn !== h.taxpayer.inn ||
    (sender.kind === 'legal-entity' && h.taxpayer.kind === 'legal-entity' && sender.kpp !== h.taxpayer.kpp)
  ) {
    return fail('0400100005', 'the INN/KPP in ИдФайл differ from the taxpayer in СвНП');
  }
  // 0100200001: the final recipient in ИдФайл is the tax office in Документ/@КодНО.
  if (h.fileId.finalTaxOffice !== h.taxOfficeCode) {
    return fail(
      '0100200001',
      `ИдФайл names tax office ${h.fileId.finalTaxOffice}, the document ${h.taxOfficeCode}`,
    );
  }
  if (h.taxpayer.inn !== context.subscriber.inn) {
    return {
      ok: false,
      problem: {
        status: 403,
        code: 'TKS-SUBSCRIBER-MISMATCH',
        title: 'The declaration is not the subscriber’s',
        detail: 'the taxpayer INN differs from the subscriber’s INN',
      },
    };
  }
  return {
    ok: true,
    value: {
      fileId: h.fileIdText,
      formCode: h.formCode,
      formatVersion: h.formatVersion,
      taxOfficeCode: h.taxOfficeCode,
      history: historyFields(h),
    },
  };
}

function fail(code: string, detail: string): DeclarationCheck {
  return refuse({ code, message: detail } as DomainError);
}

export function refuse(error: DomainError): DeclarationCheck {
  const entry = isErrorCode(error.code)
    ? errorCodeEntry(error.code)
    : { status: 422, title: 'Invalid declaration' };
  return {
    ok: false,
    problem: { status: entry.status, code: error.code, title: entry.title, detail: error.message },
  };
}
