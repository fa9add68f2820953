import { z } from 'zod';
import { CHANNEL_MAX_MESSAGE_BYTES, TopicSpec, Topics } from './topics';
import { EventContract } from './events';

/**
 * The channel between the operator and the tax office: FNS transport containers (ZIP, FNS_….zip)
 * travel as their bytes over Kafka, so the tax office's side sees only what the channel carries and
 * never a store or database of the operator. A container up to the sender's inline limit is one
 * message (part 0 of 1); a larger one is cut into parts of that size, all keyed by the docflow id so
 * they arrive in order on one partition, and reassembled by the receiver (idempotently: a part is
 * stored once per transfer and part number).
 *
 * Limits: a message is at most CHANNEL_MAX_MESSAGE_BYTES (the topics' max.message.bytes); base64
 * makes 4 bytes of 3, and the envelope takes a few hundred bytes, so a part carries at most
 * CHANNEL_PART_MAX_BYTES of the container.
 */
export const CHANNEL_PART_MAX_BYTES = Math.floor(((CHANNEL_MAX_MESSAGE_BYTES - 64 * 1024) * 3) / 4);

export const containerPartSchema = z.object({
  /** One container's transfer: the same in each of its parts, new for each container sent. */
  transferId: z.string().uuid(),
  docflowId: z.string().regex(/^[0-9a-f]{32}$/),
  /** The container's name, FNS_<sender>_<recipient>_<docflow id>_<docflow>_<transaction>_<type>.zip. */
  fileName: z.string().min(1).max(255),
  /** Of the whole container, checked after reassembly. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().positive(),
  part: z.number().int().nonnegative(),
  parts: z.number().int().positive(),
  /** This part's bytes, base64. */
  data: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
  /**
   * The sending date the operator fixed (Tax Code art. 80 p. 4), sent with a declaration's container:
   * on the real channel the operator's sending-date confirmation travels beside it.
   */
  sentAt: z.string().datetime({ offset: true }).optional(),
});
export type ContainerPart = z.infer<typeof containerPartSchema>;

const channel = (topic: TopicSpec, type: string): EventContract<ContainerPart> => ({
  topic,
  type,
  version: 1,
  payload: containerPartSchema,
});

/** The operator forwards a declaration's container (01/01) to the tax office. */
export const containerToTaxOffice = channel(Topics.containerToTaxOffice, 'channel.container-to-tax-office');
/** The tax office's answer containers (01/04, 01/07) to the operator. */
export const containerFromTaxOffice = channel(
  Topics.containerFromTaxOffice,
  'channel.container-from-tax-office',
);
