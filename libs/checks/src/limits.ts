/** The intake's limits; the gateway's configuration defaults and `tks check` use the same numbers. */
export interface CheckLimits {
  /** Larger declarations are refused with TKS-TOO-LARGE. */
  readonly maxBytes: number;
  /** Up to this size a declaration is checked in memory with its control rules; above it, streamed. */
  readonly inMemoryMaxBytes: number;
}

/** VAT declarations with sales books reach hundreds of MB. */
export const DEFAULT_MAX_DECLARATION_BYTES = 256 * 1024 * 1024;
/** decision 0003 and schemas/README.md (the measured limit of the control rules). */
export const DEFAULT_XSD_IN_MEMORY_MAX_BYTES = 16 * 1024 * 1024;
