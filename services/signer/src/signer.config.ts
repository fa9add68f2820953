import { z } from 'zod';
import { commonConfigSchema, replacedSetting, signingConfigSchema, signingKeySetting } from '@tks/platform';

export const signerConfigSchema = commonConfigSchema.merge(signingConfigSchema).extend({
  /**
   * The operator's key (pkcs11:<label> or file:<dir>, see signing-key-setting.ts): it signs only what
   * the operator issues itself, never a declaration (the taxpayer signs those, issue 10).
   */
  OPERATOR_SIGNING_KEY: signingKeySetting,
  SIGNER_KEY_LABEL: replacedSetting('OPERATOR_SIGNING_KEY'),
  /** The operator's three-character code, named as спецоператор in the transport container. */
  OPERATOR_CODE: z.string().length(3).default('2TK'),
  /**
   * The recipient tax office's certificate (PEM): container content is always encrypted for it (CMS
   * EnvelopedData; GOST key agreement and Kuznyechik for a GOST certificate). Required, so that no
   * deployment seals a declaration in the clear; infra/env.sh names the local tax office's.
   */
  TAX_OFFICE_CERTIFICATE_FILE: z.string().min(1),
  /**
   * CA certificates (PEM bundle) that clients' certificates must chain to. Unset, a client's signature
   * is checked without a chain (digest, signature, signing-certificate attribute, validity).
   */
  CLIENT_TRUST_ANCHORS_FILE: z.string().min(1).optional(),
  /**
   * Issue 17: directories of the CA certificates and CRLs clients' signing certificates are checked
   * against, chain and revocation, always; separated by commas; default `$TKS_PKI_DIR,$TKS_PKI_DIR/gost`.
   * Reread when a file changes and every CLIENT_TRUST_RELOAD_INTERVAL_MS.
   */
  CLIENT_TRUST_DIRS: z.string().min(1).optional(),
  CLIENT_TRUST_RELOAD_INTERVAL_MS: z.coerce.number().int().positive().default(3_600_000),
  TKS_PKI_DIR: z.string().min(1).optional(),
});
export type SignerConfig = z.infer<typeof signerConfigSchema>;
