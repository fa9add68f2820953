export * from './test-environment';
export * from './service-processes';
export * from './wait';
export * from './openssl';
export * from './free-port';
export * from './tax-office-key';
export * from './client-signer';
export * from './object-store';
