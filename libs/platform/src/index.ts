export * from './service-bootstrap';
export * from './common-config';
export * from './document-store.provider';
export * from './token.module';
