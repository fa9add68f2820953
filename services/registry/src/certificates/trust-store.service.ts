import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { FSWatcher, watch } from 'node:fs';
import { loadTrustAnchors, TrustAnchors } from '@tks/certificates';
import { REGISTRY_CONFIG, RegistryConfig } from '../registry.config';

/**
 * The trusted CA certificates and CRLs of TRUSTED_CA_DIR, reloaded on SIGHUP and when a file in
 * the directory changes (a new CRL is published daily by every CA). A reload that fails keeps the
 * previous anchors, so a half-copied file never empties the trust list.
 */
@Injectable()
export class TrustStoreService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TrustStore');
  private current: TrustAnchors = { certificates: [], crls: [], skipped: [] };
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly onHangUp = () => this.scheduleReload(0);

  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  get anchors(): TrustAnchors {
    return this.current;
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    process.on('SIGHUP', this.onHangUp);
    this.watcher = watch(this.config.TRUSTED_CA_DIR, () => this.scheduleReload(500));
    this.watcher.on('error', (error) =>
      this.logger.warn(`watching the trusted CA directory: ${String(error)}`),
    );
  }

  onModuleDestroy(): void {
    process.off('SIGHUP', this.onHangUp);
    this.watcher?.close();
    if (this.timer) clearTimeout(this.timer);
  }

  async reload(): Promise<TrustAnchors> {
    try {
      const anchors = await loadTrustAnchors(this.config.TRUSTED_CA_DIR);
      this.current = anchors;
      this.logger.log(
        JSON.stringify({
          message: 'trusted CAs loaded',
          authorities: anchors.certificates.length,
          crls: anchors.crls.length,
          skipped: anchors.skipped,
        }),
      );
    } catch (error) {
      this.logger.error(`trusted CA directory not reloaded, keeping the previous list: ${String(error)}`);
    }
    return this.current;
  }

  private scheduleReload(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), delayMs);
  }
}
