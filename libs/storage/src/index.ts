export * from './document-store';
export * from './document-backend';
export * from './durable-file';
export * from './local-directory-backend';
export * from './s3-backend';
export * from './document-store-location';
export * from './storage-full';
