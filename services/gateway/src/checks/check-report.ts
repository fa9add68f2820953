import type { DeclarationCheckResult, Finding, Refusal } from '@tks/checks';
import type { Assessment } from '../filings/filing-intake.service';
import type { CheckedDeclaration } from '../filings/declaration-check';

/** The answer of `POST /checks`: what a filing of the same request would do, and why. */
export interface CheckReport {
  /** `accepted`: a filing would be taken in for sending; `refused`: it would be refused. */
  verdict: 'accepted' | 'refused';
  /** The problem a filing would answer with; null when it would be accepted. */
  refusal: Refusal | null;
  /** How an accepted filing would be signed: the client's own signature, or in the cloud after consent. */
  signatureMode: 'client' | 'cloud' | null;
  declaration: Omit<CheckedDeclaration, 'history'> | null;
  /** Every finding of every step that could run, errors and warnings. */
  findings: Finding[];
}

const declarationOf = (checked: CheckedDeclaration | undefined): CheckReport['declaration'] =>
  checked
    ? {
        fileId: checked.fileId,
        formCode: checked.formCode,
        formatVersion: checked.formatVersion,
        taxOfficeCode: checked.taxOfficeCode,
      }
    : null;

const headerOf = (result: DeclarationCheckResult): CheckReport['declaration'] =>
  result.header
    ? {
        fileId: result.header.fileIdText,
        formCode: result.header.formCode,
        formatVersion: result.header.formatVersion,
        taxOfficeCode: result.header.taxOfficeCode,
      }
    : null;

/** A check without a subscriber: the declaration's own steps; who may file it is not known. */
export function anonymousReport(result: DeclarationCheckResult): CheckReport {
  return {
    verdict: result.refusal ? 'refused' : 'accepted',
    refusal: result.refusal ?? null,
    signatureMode: null,
    declaration: headerOf(result),
    findings: [
      ...result.findings,
      {
        code: 'TKS-CHECK-SKIPPED',
        message: 'no subscriber given: its certificate and the signature are not checked',
        level: 'warning',
        step: 'authority',
      },
    ],
  };
}

/** A check for a subscriber: the intake's assessment, with the steps after the declaration's own. */
export function assessedReport(assessment: Assessment, subscriberId: string): CheckReport {
  const findings = [...assessment.report.findings];
  const declaration = declarationOf(assessment.checked) ?? headerOf(assessment.report);
  if ('refusal' in assessment) {
    const { refusal } = assessment;
    // A refusal after the declaration's own steps (authority) is not among the report's findings yet.
    if (!findings.some((f) => f.level === 'error')) {
      findings.push({
        code: refusal.code,
        message: refusal.detail ?? refusal.title,
        level: 'error',
        step: 'authority',
      });
    }
    return { verdict: 'refused', refusal, signatureMode: null, declaration, findings };
  }
  if ('existing' in assessment) {
    const { existing } = assessment;
    if (existing.subscriberId !== subscriberId) {
      const refusal: Refusal = {
        status: 409,
        code: 'TKS-FILE-ID-TAKEN',
        title: 'A file with this ИдФайл was already filed by another subscriber',
      };
      findings.push({ code: refusal.code, message: refusal.title, level: 'error', step: 'filing' });
      return { verdict: 'refused', refusal, signatureMode: null, declaration, findings };
    }
    findings.push({
      code: 'TKS-ALREADY-FILED',
      message: `already filed as filing ${existing.filingId}; filing it again answers with that filing`,
      level: 'warning',
      step: 'filing',
    });
    return {
      verdict: 'accepted',
      refusal: null,
      signatureMode: existing.signatureMode,
      declaration,
      findings,
    };
  }
  return { verdict: 'accepted', refusal: null, signatureMode: assessment.mode, declaration, findings };
}
