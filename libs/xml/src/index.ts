export * from './position';
export * from './decode';
export * from './guard';
export * from './tree';
export * from './parse';
export * from './declaration';
export * from './xsd';
