import { Histogram, register } from 'prom-client';

/** Signing latency of the operator's and the tax office's keys, on a token or from a key file. */
export const signingSeconds = new Histogram({
  name: 'tks_signing_seconds',
  help: 'Time to make one detached CAdES-BES signature, by key (pkcs11:<label> or file:<path>)',
  labelNames: ['key'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [register],
});
