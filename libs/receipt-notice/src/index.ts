export * from './acknowledgeable-kinds';
export * from './receipt-notice-party';
export * from './receipt-notice-schema';
export * from './receipt-notice-builder';
export * from './receipt-notice-reader';
