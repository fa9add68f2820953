export * from './finding';
export * from './limits';
export * from './declaration-source';
export * from './identity';
export * from './refusal';
export * from './check-declaration';
export * from './accepted-forms';
