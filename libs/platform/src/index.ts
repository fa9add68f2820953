export * from './service-bootstrap';
export * from './common-config';
export * from './document-store.provider';
export * from './document-signer';
export * from './signing-key-setting';
export * from './signing.module';
export * from './observability';
export * from './process-guard';
