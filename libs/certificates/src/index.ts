export * from './russian-oids';
export * from './certificate-errors';
export * from './qualified-certificate';
export * from './identity-match';
export * from './trust-store';
export * from './certificate-status';
export * from './certificate-lifecycle';
export * from './signer-certificates';
