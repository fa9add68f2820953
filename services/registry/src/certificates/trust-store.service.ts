import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { existsSync, FSWatcher, watch } from 'node:fs';
import { delimiter } from 'node:path';
import * as x509 from '@peculiar/x509';
import {
  CertificateStatusResult,
  checkCertificateStatus,
  loadTrustAnchors,
  SignatureEngine,
  TrustAnchors,
} from '@tks/certificates';
import { createGostEngine } from '@tks/crypto';
import { REGISTRY_CONFIG, RegistryConfig } from '../registry.config';

/**
 * The trusted CA certificates and CRLs of TRUSTED_CA_DIR (one directory or several, separated as in
 * PATH: the ECDSA and the GOST test CAs live apart), reloaded on SIGHUP and when a file in a
 * directory changes (a new CRL is published daily by every CA), and every
 * TRUSTED_CA_RELOAD_INTERVAL_MS in case a change was missed (a network file system does not tell).
 * A reload that fails keeps the previous anchors, so a half-copied file never empties the trust
 * list. After each reload the listeners run: the bound certificates are checked again.
 */
@Injectable()
export class TrustStoreService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TrustStore');
  private current: TrustAnchors = { certificates: [], crls: [], skipped: [] };
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;
  private schedule: NodeJS.Timeout | null = null;
  private readonly reloadIntervalMs: number;
  private readonly listeners: Array<(anchors: TrustAnchors) => Promise<void>> = [];
  private readonly onHangUp = () => this.scheduleReload(0);
  private readonly directories: string[];
  /** Qualified certificates and their CAs' CRLs are GOST-signed; WebCrypto alone knows no GOST. */
  private readonly engine: SignatureEngine = createGostEngine();

  constructor(@Inject(REGISTRY_CONFIG) config: RegistryConfig) {
    this.directories = config.TRUSTED_CA_DIR.split(delimiter).filter(Boolean);
    this.reloadIntervalMs = config.TRUSTED_CA_RELOAD_INTERVAL_MS ?? 3_600_000;
  }

  /** Runs after every successful reload; a listener that fails is logged, the others still run. */
  onReload(listener: (anchors: TrustAnchors) => Promise<void>): void {
    this.listeners.push(listener);
  }

  get anchors(): TrustAnchors {
    return this.current;
  }

  /** The public checkers' verdict on a certificate at `at`, against the current anchors. */
  check(certificate: x509.X509Certificate, at: Date): Promise<CertificateStatusResult> {
    return checkCertificateStatus(certificate, this.current, at, this.engine);
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    process.on('SIGHUP', this.onHangUp);
    for (const directory of this.directories.filter((d) => existsSync(d))) {
      const watcher = watch(directory, () => this.scheduleReload(500));
      watcher.on('error', (error) => this.logger.warn(`watching ${directory}: ${String(error)}`));
      this.watchers.push(watcher);
    }
    this.schedule = setInterval(() => this.scheduleReload(0), this.reloadIntervalMs);
    this.schedule.unref();
  }

  onModuleDestroy(): void {
    process.off('SIGHUP', this.onHangUp);
    for (const watcher of this.watchers) watcher.close();
    if (this.timer) clearTimeout(this.timer);
    if (this.schedule) clearInterval(this.schedule);
  }

  async reload(): Promise<TrustAnchors> {
    try {
      const anchors = await this.load();
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
      return this.current;
    }
    for (const listener of this.listeners)
      await listener(this.current).catch((error: unknown) =>
        this.logger.error(`after reloading the trusted CAs: ${String(error)}`),
      );
    return this.current;
  }

  /** Every directory's anchors together; one that does not exist (yet) is reported, not fatal. */
  private async load(): Promise<TrustAnchors> {
    const all: TrustAnchors[] = [];
    for (const directory of this.directories) {
      all.push(
        existsSync(directory)
          ? await loadTrustAnchors(directory)
          : { certificates: [], crls: [], skipped: [{ file: directory, reason: 'no such directory' }] },
      );
    }
    return {
      certificates: all.flatMap((a) => a.certificates),
      crls: all.flatMap((a) => a.crls),
      skipped: all.flatMap((a) => a.skipped),
    };
  }

  private scheduleReload(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), delayMs);
  }
}
