import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** The OpenAPI description of CheckReport (check-report.ts) and of AcceptedForm (@tks/checks). */
const findingSchema: SchemaObject = {
  type: 'object',
  required: ['code', 'message', 'level', 'step'],
  properties: {
    code: { type: 'string', description: 'docs/errors.md, or the control rule’s own FNS code' },
    message: { type: 'string' },
    level: { type: 'string', enum: ['error', 'warning'] },
    step: { type: 'string', enum: ['transport', 'identity', 'schema', 'rule', 'filing', 'authority'] },
    schema: { type: 'string', description: 'the XSD file (schema and rule steps)' },
    rule: { type: 'string', description: 'the control rule’s sch:pattern/@name' },
    line: { type: 'integer' },
    column: { type: 'integer' },
  },
};

export const checkReportSchema: SchemaObject = {
  type: 'object',
  required: ['verdict', 'refusal', 'signatureMode', 'declaration', 'findings'],
  properties: {
    verdict: { type: 'string', enum: ['accepted', 'refused'], description: 'what a filing would get' },
    refusal: {
      type: 'object',
      nullable: true,
      description: 'the problem a filing would answer with (status, code, title, detail, errors)',
      required: ['status', 'code', 'title'],
      properties: {
        status: { type: 'integer' },
        code: { type: 'string' },
        title: { type: 'string' },
        detail: { type: 'string' },
        errors: {
          type: 'array',
          items: {
            type: 'object',
            required: ['message'],
            properties: {
              message: { type: 'string' },
              line: { type: 'integer' },
              column: { type: 'integer' },
            },
          },
        },
      },
    },
    signatureMode: { type: 'string', enum: ['client', 'cloud'], nullable: true },
    declaration: {
      type: 'object',
      nullable: true,
      required: ['fileId', 'formCode', 'formatVersion', 'taxOfficeCode'],
      properties: {
        fileId: { type: 'string' },
        formCode: { type: 'string' },
        formatVersion: { type: 'string' },
        taxOfficeCode: { type: 'string' },
      },
    },
    findings: { type: 'array', items: findingSchema },
  },
};

export const acceptedFormsSchema: SchemaObject = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['formCode', 'formatVersion', 'name', 'schemaFile', 'sha256', 'origin'],
        properties: {
          formCode: { type: 'string', description: 'КНД', example: '1152017' },
          formatVersion: { type: 'string', description: 'ВерсФорм', example: '5.09' },
          name: { type: 'string' },
          schemaFile: { type: 'string', example: 'NO_USN_1_030_00_05_09_01.xsd' },
          sha256: { type: 'string' },
          origin: { type: 'string', enum: ['official', 'reconstructed'] },
        },
      },
    },
  },
};
