import { unacknowledgedAnswers } from './acknowledge';
import { FilingBody } from './gateway-client';

const document = (kind: string, fileName: string, acknowledges?: string) => ({
  documentId: fileName,
  kind,
  ...(acknowledges ? { acknowledges } : {}),
  fileName,
  size: 1,
  sha256: '0'.repeat(64),
  href: `/documents/${fileName}`,
});

const filing = (documents: FilingBody['documents'], confirmed: string[]): FilingBody => ({
  filingId: 'f',
  docflowId: 'd',
  status: 'accepted',
  progress: 'answered',
  outcome: 'accepted',
  subscriberId: 's',
  fileId: 'NO',
  formCode: '1152017',
  taxOfficeCode: '9991',
  submittedAt: '',
  updatedAt: '',
  timeline: [],
  documents,
  receiptNotices: confirmed.map((kind) => ({
    receiptNoticeId: kind,
    filingId: 'f',
    acknowledges: { kind, fileName: `${kind}.xml` },
    fileName: `IZ_${kind}.xml`,
    status: 'sent',
    sentAt: '',
    forwardedAt: null,
  })),
});

describe('unacknowledgedAnswers', () => {
  it('lists the tax office’s answers without a receipt notice, not the operator’s confirmation', () => {
    const documents = [
      document('declaration', 'NO.xml'),
      document('sending-date-confirmation', 'PD_NO.xml'),
      document('acceptance-receipt', 'KV_NO.xml'),
      document('acceptance-receipt-signature', 'KV_NO.xml.sig'),
      document('input-notice', 'IV_NO.xml'),
      document('receipt-notice', 'IZ_KV_NO.xml', 'acceptance-receipt'),
    ];
    expect(unacknowledgedAnswers(filing(documents, ['acceptance-receipt'])).map((d) => d.fileName)).toEqual([
      'IV_NO.xml',
    ]);
    expect(unacknowledgedAnswers(filing(documents, [])).map((d) => d.kind)).toEqual([
      'acceptance-receipt',
      'input-notice',
    ]);
  });
});
