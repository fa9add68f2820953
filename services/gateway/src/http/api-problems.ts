import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/**
 * The OpenAPI description of error answers: every one is `application/problem+json` (problem.ts)
 * with a stable `code` from docs/errors.md. A route lists its statuses and, where it helps, the
 * codes it answers with; the shape is the shared `Problem` schema (configure-http.ts).
 */
export const PROBLEM_SCHEMA_NAME = 'Problem';

export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', example: 'urn:tks:error:TKS-NOT-FOUND' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'stable error code (docs/errors.md)' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: { message: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' } },
      },
    },
    filingId: { type: 'string', format: 'uuid' },
  },
} as const;

const DEFAULT_CODES: Record<number, string[]> = {
  400: ['TKS-REQUEST-INVALID'],
  401: ['TKS-UNAUTHENTICATED'],
  403: ['TKS-FORBIDDEN'],
  404: ['TKS-NOT-FOUND'],
};

const GENERIC: Record<number, string> = {
  400: 'The request is malformed',
  401: 'No API key, or an unknown or revoked one',
  403: 'The API key may not do this',
  404: 'Not found, or not visible to this API key',
  409: 'Conflicts with the current state',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Refused: the content breaks a rule',
};

/** `@ApiProblems(400, 404, { 422: ['TKS-WEBHOOK-URL'] })`: statuses with their default codes, or codes given. */
export function ApiProblems(...statuses: Array<number | Record<number, string[]>>) {
  const codes = new Map<number, string[]>();
  for (const entry of statuses) {
    if (typeof entry === 'number')
      codes.set(entry, [...(codes.get(entry) ?? []), ...(DEFAULT_CODES[entry] ?? [])]);
    else
      for (const [status, list] of Object.entries(entry))
        codes.set(Number(status), [...(codes.get(Number(status)) ?? []), ...list]);
  }
  return applyDecorators(
    ...[...codes.entries()].map(([status, list]) =>
      ApiResponse({
        status,
        description: `${GENERIC[status] ?? 'Error'}${list.length ? `: ${list.map((c) => `\`${c}\``).join(', ')}` : ''}`,
        content: {
          'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } },
        },
      }),
    ),
  );
}

/** Every route behind an API key can answer 401 and, when roles are narrowed, 403. */
export const ApiKeyProblems = () => ApiProblems(401, 403);
