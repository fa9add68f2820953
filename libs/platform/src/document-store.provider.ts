import { Provider } from '@nestjs/common';
import { DocumentStore } from '@tks/storage';

export function documentStoreProvider(root: string): Provider {
  return {
    provide: DocumentStore,
    useFactory: async () => {
      const store = new DocumentStore(root);
      await store.init();
      return store;
    },
  };
}
