/**
 * The transport container's file name (ФНС:1.0, order ММВ-7-6/535@; the pattern is marked
 * "(confirm)" in the domain reference): FNS_<sender>_<recipient>_<docflow id>_<docflow type
 * code>_<transaction code>_<first document's type code>.zip
 */
export interface ContainerNameParts {
  readonly senderId: string;
  readonly recipientId: string;
  /** 32 hex digits. */
  readonly docflowId: string;
  readonly docflowCode: string;
  readonly transactionCode: string;
  readonly firstDocumentTypeCode: string;
}

const NAME = /^FNS_([^_]{1,46})_([^_]{1,46})_([0-9a-f]{32})_(\d{2})_(\d{2})_(\d{2})\.zip$/;

export function containerFileName(parts: ContainerNameParts): string {
  const name =
    `FNS_${parts.senderId}_${parts.recipientId}_${parts.docflowId}_${parts.docflowCode}_` +
    `${parts.transactionCode}_${parts.firstDocumentTypeCode}.zip`;
  if (!NAME.test(name)) throw new RangeError(`not a valid transport container name: ${name}`);
  return name;
}

export function parseContainerFileName(name: string): ContainerNameParts | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, senderId, recipientId, docflowId, docflowCode, transactionCode, firstDocumentTypeCode] = match;
  return { senderId, recipientId, docflowId, docflowCode, transactionCode, firstDocumentTypeCode };
}
