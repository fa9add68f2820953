import { poll } from './poll';

/** A small typed client of the gateway's HTTP API, used by the CLI and the end-to-end tests. */
export interface ProblemBody {
  code: string;
  title: string;
  status: number;
  detail?: string;
}

export interface ReceiptNoticeBody {
  receiptNoticeId: string;
  filingId: string;
  acknowledges: { kind: string; fileName: string };
  fileName: string;
  status: 'sent' | 'forwarded';
  sentAt: string;
  forwardedAt: string | null;
}

export interface FilingBody {
  filingId: string;
  docflowId: string;
  /** The legacy combined field; `progress` and `outcome` say the same apart. */
  status: string;
  /** submitted → signed → sent → answered → finished. */
  progress: string;
  /** null, accepted, rejected, clarification-requested or refused. */
  outcome: string | null;
  subscriberId: string;
  fileId: string;
  formCode: string;
  taxOfficeCode: string;
  submittedAt: string;
  updatedAt: string;
  timeline: Array<{
    status: string;
    progress?: string;
    outcome?: string | null;
    at: string;
    detail?: Record<string, string>;
  }>;
  documents: Array<{
    documentId: string;
    kind: string;
    /** A receipt notice and its signature: the kind of the answer it confirms. */
    acknowledges?: string;
    fileName: string;
    size: number;
    sha256: string;
    href: string;
  }>;
  receiptNotices: ReceiptNoticeBody[];
  /** How the taxpayer signs (issue 10): its own signature, or its HSM key after its consent. */
  signing?: {
    mode: 'client' | 'cloud';
    state?: 'awaiting-consent' | 'consented';
    consent?: { givenBy: string; givenAt: string; certificateId: string } | null;
  };
}

export interface RegistrationBody {
  registrationId: string;
  status: 'pending' | 'registered' | 'rejected';
  subscriberId?: string;
  reason?: { code: string; message: string };
}

export class GatewayError extends Error {
  constructor(readonly problem: ProblemBody) {
    super(`${problem.code}: ${problem.title}`);
  }
}

const statusOrder = ['submitted', 'signed', 'receipt-issued', 'accepted', 'rejected'];

export class GatewayClient {
  /** The API key (issue 5): sent as `Authorization: Bearer`; defaults to TKS_API_KEY. */
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | undefined = process.env.TKS_API_KEY,
  ) {}

  private authorized(init: RequestInit = {}): RequestInit {
    if (!this.apiKey) return init;
    return {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${this.apiKey}` },
    };
  }

  /**
   * Submits a declaration: with the taxpayer's detached signature as multipart/form-data, without
   * it as the raw XML body (then the subscriber's HSM key signs after its consent, issue 10).
   */
  async submit(
    declaration: Buffer,
    options: { subscriberId: string; fileName?: string; idempotencyKey?: string; signature?: Buffer },
  ): Promise<FilingBody> {
    if (options.signature) {
      const fileName = options.fileName ?? 'declaration.xml';
      const form = new FormData();
      form.set('subscriberId', options.subscriberId);
      form.set('declaration', new Blob([declaration], { type: 'application/xml' }), fileName);
      form.set(
        'signature',
        new Blob([options.signature], { type: 'application/pkcs7-signature' }),
        `${fileName}.sig`,
      );
      return this.request<FilingBody>('/api/v1/filings', {
        method: 'POST',
        headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {},
        body: form,
      });
    }
    const headers: Record<string, string> = { 'content-type': 'application/xml' };
    if (options.fileName) headers['x-file-name'] = encodeURIComponent(options.fileName);
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const query = new URLSearchParams({ subscriberId: options.subscriberId });
    return this.request<FilingBody>(`/api/v1/filings?${query}`, {
      method: 'POST',
      headers,
      body: declaration,
    });
  }

  /** The subscriber's consent to a cloud signature of the filing (a client key of the subscriber). */
  consent(filingId: string): Promise<FilingBody> {
    return this.request<FilingBody>(`/api/v1/filings/${encodeURIComponent(filingId)}/consent`, {
      method: 'POST',
    });
  }

  filing(filingId: string): Promise<FilingBody> {
    return this.request<FilingBody>(`/api/v1/filings/${encodeURIComponent(filingId)}`);
  }

  /** The subscriber's signed receipt notice of one answer of the tax office (JSON, base64). */
  sendReceiptNotice(filingId: string, notice: Buffer, signature: Buffer): Promise<ReceiptNoticeBody> {
    return this.request<ReceiptNoticeBody>(
      `/api/v1/filings/${encodeURIComponent(filingId)}/receipt-notices`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ notice: notice.toString('base64'), signature: signature.toString('base64') }),
      },
    );
  }

  async download(href: string): Promise<Buffer> {
    const response = await fetch(new URL(href, this.baseUrl), this.authorized());
    if (!response.ok) throw new GatewayError((await response.json()) as ProblemBody);
    return Buffer.from(await response.arrayBuffer());
  }

  registerSubscriber(body: Record<string, string | undefined>): Promise<RegistrationBody> {
    return this.request<RegistrationBody>('/api/v1/subscribers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  registration(registrationId: string): Promise<RegistrationBody> {
    return this.request<RegistrationBody>(`/api/v1/subscriber-registrations/${registrationId}`);
  }

  async waitForRegistration(registrationId: string, timeoutMs: number): Promise<RegistrationBody> {
    return poll(
      () => this.registration(registrationId),
      (r) => r.status !== 'pending',
      timeoutMs,
      `registration ${registrationId} to be decided`,
    );
  }

  async waitForFiling(filingId: string, status: string, timeoutMs: number): Promise<FilingBody> {
    const target = statusOrder.indexOf(status);
    // `refused` ends a filing at any point, so waiting for anything stops there too.
    return poll(
      () => this.filing(filingId),
      (f) => f.status === 'refused' || (target >= 0 && statusOrder.indexOf(f.status) >= target),
      timeoutMs,
      `filing ${filingId} to reach ${status}`,
    );
  }

  private request<T>(path: string, init?: RequestInit): Promise<T> {
    return requestJson<T>(this.baseUrl, this.apiKey, path, init);
  }
}

/** One JSON call to the gateway with the API key; a problem answer becomes a GatewayError. */
export async function requestJson<T>(
  baseUrl: string,
  apiKey: string | undefined,
  path: string,
  init: RequestInit = {},
): Promise<T> {
  const headers = { ...(init.headers as Record<string, string> | undefined) };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const response = await fetch(new URL(path, baseUrl), { ...init, headers });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : {};
  if (!response.ok) throw new GatewayError(body as ProblemBody);
  return body as T;
}
