import * as graphene from 'graphene-pk11';
import { CryptoError } from './errors';

interface LoadedModule {
  readonly module: graphene.Module;
  users: number;
}

/**
 * C_Initialize and C_Finalize act on the whole process for a given library: finalizing it for one
 * token would close every other session opened through it. The library is therefore loaded and
 * initialized once per path and finalized when its last user releases it.
 *
 * SoftHSM reads SOFTHSM2_CONF in C_Initialize, so it must be in the environment before the first
 * acquire; changing it afterwards has no effect until every user has released the library.
 */
const loaded = new Map<string, LoadedModule>();

export function acquireModule(library: string): graphene.Module {
  const existing = loaded.get(library);
  if (existing) {
    existing.users += 1;
    return existing.module;
  }
  const module = graphene.Module.load(library);
  try {
    module.initialize();
  } catch (error) {
    module.close();
    throw error;
  }
  loaded.set(library, { module, users: 1 });
  return module;
}

export function releaseModule(library: string): void {
  const entry = loaded.get(library);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  loaded.delete(library);
  entry.module.finalize();
  entry.module.close();
}

export interface TokenSlot {
  readonly slot: graphene.Slot;
  /**
   * Position in the list of slots with a token. This is what node-webcrypto-p11's `slot` option
   * means; it is not SoftHSM's slot id (a large number assigned at token initialisation), and it
   * shifts when tokens are added, which is why tokens are found by label.
   */
  readonly index: number;
}

/** Finds the slot whose token has the label (CK_TOKEN_INFO pads labels with blanks to 32 bytes). */
export function findTokenSlot(module: graphene.Module, tokenLabel: string): TokenSlot {
  const slots = module.getSlots(true);
  const labels: string[] = [];
  for (let index = 0; index < slots.length; index += 1) {
    const slot = slots.items(index);
    const label = slot.getToken().label.trim();
    if (label === tokenLabel) return { slot, index };
    labels.push(label);
  }
  throw new CryptoError(
    'TOKEN_NOT_FOUND',
    `No PKCS#11 token labelled "${tokenLabel}"; tokens present: ${labels.map((label) => `"${label}"`).join(', ') || 'none'}` +
      (process.env.SOFTHSM2_CONF === undefined ? ' (SOFTHSM2_CONF is not set)' : ''),
  );
}
