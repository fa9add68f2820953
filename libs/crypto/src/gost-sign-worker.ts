import { parentPort } from 'node:worker_threads';
import { gostSign, streebogDigest } from './gost-sign';
import type { GostJob, GostJobResult } from './gost-sign-pool';

/**
 * One thread of the GOST pool (gost-sign-pool.ts): pure-JavaScript GOST arithmetic takes
 * milliseconds per signature, which here does not hold up the service's event loop.
 */
parentPort?.on('message', (job: GostJob) => {
  let result: GostJobResult;
  try {
    const value = job.kind === 'sign' ? gostSign(job.key, job.data) : streebogDigest(job.length, job.data);
    result = { id: job.id, value };
  } catch (error) {
    // Only the library's message: it names the operation, never the key.
    result = { id: job.id, error: error instanceof Error ? error.message : 'GOST operation failed' };
  }
  parentPort?.postMessage(result, 'value' in result ? [result.value] : []);
});
