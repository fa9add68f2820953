import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

/**
 * The engine every operation of this library takes (a pkijs.CryptoEngine or a subclass such as the
 * token engine). PKI.js declares ICryptoEngine as extending the DOM SubtleCrypto, which a Node-only
 * build does not load, so the one inherited method used here is restated with Node's types.
 */
export type CmsEngine = pkijs.ICryptoEngine & Pick<webcrypto.SubtleCrypto, 'digest'>;
