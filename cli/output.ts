import { FilingBody, RegistrationBody } from './gateway-client';

export function printFiling(f: FilingBody): string {
  const lines = [
    `filing     ${f.filingId}`,
    `status     ${f.status}`,
    `progress   ${f.progress}   outcome ${f.outcome ?? '—'}`,
    `file       ${f.fileId}`,
    `form       ${f.formCode}   tax office ${f.taxOfficeCode}   subscriber ${f.subscriberId}`,
    `submitted  ${f.submittedAt}`,
    'timeline',
    ...f.timeline.map((e) => `  ${e.at}  ${e.status}${e.progress ? `  (${e.progress})` : ''}`),
    'documents',
    ...f.documents.map((d) => `  ${d.kind.padEnd(38)} ${d.fileName} (${d.size} bytes)`),
    ...(f.receiptNotices.length ? ['receipt notices'] : []),
    ...f.receiptNotices.map((n) => `  ${n.acknowledges.kind.padEnd(38)} ${n.fileName} ${n.status}`),
  ];
  return lines.join('\n');
}

export function printRegistration(r: RegistrationBody): string {
  const lines = [`registration ${r.registrationId}`, `status       ${r.status}`];
  if (r.subscriberId) lines.push(`subscriber   ${r.subscriberId}`);
  if (r.reason) lines.push(`reason       ${r.reason.code}: ${r.reason.message}`);
  return lines.join('\n');
}
