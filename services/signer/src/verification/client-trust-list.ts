import { Logger } from '@nestjs/common';
import { existsSync, FSWatcher, watch } from 'node:fs';
import * as x509 from '@peculiar/x509';
import type * as pkijs from 'pkijs';
import { checkCertificateStatus, loadTrustAnchors, SignatureEngine, TrustAnchors } from '@tks/certificates';
import { createGostEngine } from '@tks/crypto';

export interface CertificateVerdict {
  status: string;
  detail?: string;
}

/**
 * The CAs and CRLs a client's signing certificate is checked against (chain and revocation), from
 * CLIENT_TRUST_DIRS: read at start (none found stops the signer), read again when a file changes
 * and every hour, so a CRL published after a certificate was bound applies to the next filing.
 */
export class ClientTrustList {
  private readonly logger = new Logger('ClientTrustList');
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly schedule: NodeJS.Timeout;
  private readonly engine: SignatureEngine = createGostEngine();

  private constructor(
    private readonly directories: readonly string[],
    private anchors: TrustAnchors,
    reloadIntervalMs: number,
  ) {
    for (const directory of directories.filter((d) => existsSync(d))) {
      const watcher = watch(directory, () => this.scheduleReload());
      watcher.on('error', (error) => this.logger.warn(`watching ${directory}: ${String(error)}`));
      this.watchers.push(watcher);
    }
    this.schedule = setInterval(() => this.scheduleReload(), reloadIntervalMs);
    this.schedule.unref();
  }

  static async load(directories: readonly string[], reloadIntervalMs = 3_600_000): Promise<ClientTrustList> {
    const anchors = await readAll(directories);
    if (anchors.certificates.length === 0)
      throw new Error(`CLIENT_TRUST_DIRS: no CA certificate in ${directories.join(', ')}`);
    return new ClientTrustList(directories, anchors, reloadIntervalMs);
  }

  /** The checkers' verdict on a client's certificate: chain to a trusted CA, not revoked, in date. */
  readonly status = async (certificate: pkijs.Certificate, at: Date): Promise<CertificateVerdict> => {
    const der = certificate.toSchema().toBER(false);
    const result = await checkCertificateStatus(new x509.X509Certificate(der), this.anchors, at, this.engine);
    return { status: result.status, detail: result.detail };
  };

  close(): void {
    for (const watcher of this.watchers) watcher.close();
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.schedule);
  }

  private scheduleReload(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // A half-written file must not empty the list: a failed read keeps the previous one.
      readAll(this.directories).then(
        (anchors) => {
          if (anchors.certificates.length > 0) this.anchors = anchors;
        },
        (error: unknown) => this.logger.error(`client trust list not reloaded: ${String(error)}`),
      );
    }, 500);
  }
}

async function readAll(directories: readonly string[]): Promise<TrustAnchors> {
  const loaded = await Promise.all(
    directories.map((dir) =>
      existsSync(dir) ? loadTrustAnchors(dir) : { certificates: [], crls: [], skipped: [] },
    ),
  );
  return {
    certificates: loaded.flatMap((a) => a.certificates),
    crls: loaded.flatMap((a) => a.crls),
    skipped: loaded.flatMap((a) => a.skipped),
  };
}
