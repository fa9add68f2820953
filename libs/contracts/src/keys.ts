import { z } from 'zod';
import type { EventContract } from './events';
import { Topics } from './topics';

/**
 * Key pairs generated on the operator's HSM for subscribers whose key lives there: the gateway
 * asks, the signer generates on the token and answers with a PKCS#10 request for the CA. The
 * private key never leaves the token.
 */
const keyContract = <P>(
  topic: EventContract<P>['topic'],
  type: string,
  payload: EventContract<P>['payload'],
): EventContract<P> => ({ topic, type, version: 1, payload });

export const keyGenerationRequested = keyContract(
  Topics.keyGenerationRequested,
  'key.generation-requested',
  z.object({
    requestId: z.string().uuid(),
    subscriberId: z.string().min(1).max(46),
    /** The request's subject; the signer encodes it (the CA adds the qualified-certificate fields). */
    subject: z.object({
      commonName: z.string().min(1).max(200),
      organization: z.string().min(1).max(200).optional(),
      country: z.literal('RU'),
    }),
    requestedAt: z.string().datetime({ offset: true }),
  }),
);
export type KeyGenerationRequested = z.infer<typeof keyGenerationRequested.payload>;

export const keyGenerated = keyContract(
  Topics.keyGenerated,
  'key.generated',
  z.discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('generated'),
      requestId: z.string().uuid(),
      subscriberId: z.string().min(1).max(46),
      /** Label of the key pair on the token. */
      keyLabel: z.string().min(1),
      /** CKA_ID of the key pair, hex. */
      keyId: z.string(),
      csrPem: z.string().min(1),
      generatedAt: z.string().datetime({ offset: true }),
    }),
    z.object({
      outcome: z.literal('failed'),
      requestId: z.string().uuid(),
      subscriberId: z.string().min(1).max(46),
      code: z.string(),
      message: z.string(),
      generatedAt: z.string().datetime({ offset: true }),
    }),
  ]),
);
export type KeyGenerated = z.infer<typeof keyGenerated.payload>;
