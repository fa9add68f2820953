export * from './rules';
export * from './translate';
export * from './extract';
export * from './evaluate';
export * from './control-rules';
