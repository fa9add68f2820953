export * from './topics';
export * from './envelope';
export * from './events';
export * from './certificates';
export * from './keys';
export * from './channel';
export * from './evidence';
