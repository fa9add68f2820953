export * from './container-name';
export * from './package-description';
export * from './content-encryption';
export * from './description-schema';
export * from './seal-container';
export * from './open-container';
export { readZip, writeZip } from './zip-archive';
export type { ZipEntry } from './zip-archive';
