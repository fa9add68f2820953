import { Logger, Provider } from '@nestjs/common';
import { backendFor, DocumentStore } from '@tks/storage';
import {
  documentStoreLocation,
  documentStoreSettingsFromEnv,
  type DocumentStoreSettings,
} from './common-config';

const logger = new Logger('document-store');

/**
 * The service's document store, from its validated settings (DOCUMENT_STORE_URL wins over
 * DOCUMENT_STORE_DIR). Given only a directory (the older call), DOCUMENT_STORE_URL is still read,
 * validated the same way, so every service honours it.
 */
export function documentStoreProvider(settings: DocumentStoreSettings | string | undefined): Provider {
  return {
    provide: DocumentStore,
    useFactory: async () => {
      const given =
        typeof settings === 'object'
          ? settings
          : { ...documentStoreSettingsFromEnv(), DOCUMENT_STORE_DIR: settings };
      const store = new DocumentStore(backendFor(documentStoreLocation(given)));
      await store.init();
      logger.log(`documents kept in ${store.description}`);
      return store;
    },
  };
}
