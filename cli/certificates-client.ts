import { requestJson } from './gateway-client';
import { poll } from './poll';

/** The gateway's certificate API (issue 3), used by `tks subscribers certificates …` and the tests. */
export interface CertificateRequestBody {
  requestId: string;
  subscriberId: string;
  action: 'bind' | 'reissue' | 'revoke' | 'unbind';
  status: 'pending' | 'applied' | 'rejected';
  certificateId?: string;
  reason?: { code: string; message: string };
}

export interface CertificateBody {
  certificateId: string;
  serialNumber: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  identity: Record<string, string>;
  subjectSignTool?: string;
  lifecycle: 'current' | 'superseded' | 'retired' | 'revoked' | 'unbound';
  usableUntil?: string;
  usable: boolean;
  status: string;
  statusDetail?: string;
  taxAuthority: { status: 'pending' | 'registered' | 'rejected'; durationMs?: number; reasonCode?: string };
  expiryWarnings: number[];
  boundAt: string;
  endedAt?: string;
}

export interface WarningBody {
  certificateId: string;
  thresholdDays: number;
  daysLeft: number;
  notAfter: string;
  warnedAt: string;
}

export class CertificatesClient {
  /** An operator key, or a client key for its own subscribers; defaults to TKS_API_KEY like GatewayClient's. */
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | undefined = process.env.TKS_API_KEY,
  ) {}

  /** `certificate` is DER bytes or PEM text; both are sent as they are. */
  bind(
    subscriberId: string,
    certificate: Uint8Array | string,
    reissue = false,
  ): Promise<CertificateRequestBody> {
    const pem = typeof certificate === 'string';
    return this.request(`${this.path(subscriberId)}/certificates${reissue ? '/reissue' : ''}`, {
      method: 'POST',
      headers: { 'content-type': pem ? 'application/x-pem-file' : 'application/pkix-cert' },
      body: pem ? certificate : Buffer.from(certificate),
    });
  }

  revoke(subscriberId: string, certificateId: string, reason?: string): Promise<CertificateRequestBody> {
    return this.request(`${this.path(subscriberId)}/certificates/${certificateId}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
  }

  unbind(subscriberId: string, certificateId: string): Promise<CertificateRequestBody> {
    return this.request(`${this.path(subscriberId)}/certificates/${certificateId}`, { method: 'DELETE' });
  }

  requestState(requestId: string): Promise<CertificateRequestBody> {
    return this.request(`/api/v1/certificate-requests/${requestId}`);
  }

  async waitForDecision(requestId: string, timeoutMs: number): Promise<CertificateRequestBody> {
    return poll(
      () => this.requestState(requestId),
      (r) => r.status !== 'pending',
      timeoutMs,
      `certificate request ${requestId} to be decided`,
    );
  }

  async list(subscriberId: string, history = false): Promise<CertificateBody[]> {
    const body = await this.request<{ certificates: CertificateBody[] }>(
      `${this.path(subscriberId)}/certificates${history ? '?history=true' : ''}`,
    );
    return body.certificates;
  }

  async warnings(subscriberId: string): Promise<WarningBody[]> {
    return (
      await this.request<{ warnings: WarningBody[] }>(`${this.path(subscriberId)}/certificate-warnings`)
    ).warnings;
  }

  private path(subscriberId: string): string {
    return `/api/v1/subscribers/${encodeURIComponent(subscriberId)}`;
  }

  private request<T>(path: string, init?: RequestInit): Promise<T> {
    return requestJson<T>(this.baseUrl, this.apiKey, path, init);
  }
}
