import { HttpException } from '@nestjs/common';

/**
 * An API error in the RFC 9457 shape with the stable code from docs/errors.md. The message tells
 * the client what to fix; it never carries secrets or declaration content.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: Array<{ message: string; line?: number; column?: number }>;
  /** A refused declaration is still recorded: the filing that shows the refusal. */
  filingId?: string;
}

export class ProblemException extends HttpException {
  constructor(readonly problem: Omit<Problem, 'type'> & { type?: string }) {
    super({ type: `urn:tks:error:${problem.code}`, ...problem }, problem.status);
  }
}

export const problem = (status: number, code: string, title: string, detail?: string): ProblemException =>
  new ProblemException({ status, code, title, detail });
