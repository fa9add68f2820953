// The console's only way to the gateway: the same /api/v1 and the same API key checks as any
// other client. The key lives in sessionStorage, so closing the tab signs out.
const KEY = 'tks.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code;
  }
}

async function call(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    headers: { ...(init.headers || {}), authorization: `Bearer ${apiKey.get()}` },
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem);
  }
  return response;
}

export const getJson = async (path) => (await call(`/api/v1${path}`)).json();

/**
 * Sends a certificate file as it is: PEM (text starting with "-----BEGIN") as
 * application/x-pem-file, anything else as DER (application/pkix-cert), since a .cer file may be
 * either. The gateway parses both and answers 202 with the request to poll.
 */
export async function postCertificate(path, file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const pem = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().startsWith('-----BEGIN');
  const response = await call(`/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': pem ? 'application/x-pem-file' : 'application/pkix-cert' },
    body: bytes,
  });
  return response.json();
}

/** Downloads a document or an export with the key, then saves it under its own name. */
export async function download(href, fileName) {
  const blob = await (await call(href)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Multipart upload with progress (fetch reports none for request bodies). */
export function upload(form, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/filings');
    request.setRequestHeader('authorization', `Bearer ${apiKey.get()}`);
    request.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    request.onload = () => {
      const body = JSON.parse(request.responseText || '{}');
      request.status < 300 ? resolve(body) : reject(new ApiError(request.status, body));
    };
    request.onerror = () => reject(new Error('сеть недоступна'));
    request.send(form);
  });
}

/** Follows GET /events from now on, calling `onEvent` for each change, until `signal` aborts. */
export async function followEvents(onEvent, signal) {
  let cursor = '0';
  for (;;) {
    const page = await getJson(`/events?after=${cursor}&limit=500`);
    cursor = page.nextCursor;
    if (page.events.length < 500) break;
  }
  while (!signal.aborted) {
    try {
      const page = await getJson(`/events?after=${cursor}&wait=25&limit=500`);
      cursor = page.nextCursor;
      page.events.forEach(onEvent);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
