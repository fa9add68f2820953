import { download, followEvents, getJson, postCertificate, upload } from './api.js';

/** Builds an element; text is always set as text, never parsed as HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  node.append(
    ...children.flat().map((c) => (c instanceof Node ? c : document.createTextNode(String(c ?? '')))),
  );
  return node;
}

const PROGRESS = {
  submitted: 'принята',
  signed: 'подписана',
  sent: 'отправлена',
  answered: 'есть ответ',
  finished: 'завершена',
};
const OUTCOME = {
  accepted: 'принята НО',
  'clarification-requested': 'уточнение',
  rejected: 'отказ НО',
  refused: 'отклонена',
};
const DOCUMENTS = {
  declaration: 'декларация',
  'client-signature': 'подпись налогоплательщика',
  'declaration-signature': 'подпись декларации',
  'transport-container': 'транспортный контейнер',
  'sending-date-confirmation': 'подтверждение даты отправки',
  'acceptance-receipt': 'квитанция о приёме',
  'refusal-notice': 'уведомление об отказе',
  'input-notice': 'извещение о вводе',
  'clarification-notice': 'уведомление об уточнении',
  'receipt-notice': 'извещение о получении',
};
// The legacy combined status, which the history carries.
const STATUS = {
  submitted: 'принята',
  signed: 'подписана',
  'receipt-issued': 'отправлена',
  accepted: 'принята НО',
  rejected: 'отказ НО',
  refused: 'отклонена',
};
const documentName = (kind) =>
  DOCUMENTS[kind] ??
  (kind.endsWith('-signature') ? `подпись: ${DOCUMENTS[kind.slice(0, -10)] ?? kind}` : kind);
const when = (iso) => (iso ? new Date(iso).toLocaleString('ru-RU') : '—');

export function statusBadge(progress, outcome) {
  const text = outcome ? (OUTCOME[outcome] ?? outcome) : (PROGRESS[progress] ?? progress);
  return el('span', { class: `badge ${outcome ?? ''}`, 'data-testid': 'status' }, text);
}

const table = (headers, rows) =>
  el(
    'table',
    {},
    el(
      'tr',
      {},
      headers.map((h) => el('th', {}, h)),
    ),
    rows,
  );

function filingRow(f) {
  return el(
    'tr',
    { 'data-filing': f.filingId },
    el('td', {}, el('a', { href: `#/filings/${f.filingId}` }, f.fileId ?? f.filingId)),
    el('td', {}, f.formCode ?? ''),
    el('td', {}, f.taxOfficeCode ?? ''),
    el('td', {}, f.subscriberId),
    el('td', { class: 'status' }, statusBadge(f.progress, f.outcome)),
    el('td', {}, when(f.submittedAt)),
  );
}

/** The key's filings, newest first, their status kept current from the events feed. */
export async function filingsView(view, signal) {
  const search = el('input', { placeholder: 'ИдФайл, ИНН или идентификатор', 'data-testid': 'filter' });
  const page = await getJson('/filings?limit=100');
  const rows = page.items.map(filingRow);
  const body = table(['Файл', 'КНД', 'НО', 'Абонент', 'Статус', 'Подана'], rows);
  search.addEventListener('input', () => {
    const text = search.value.trim().toLowerCase();
    for (const row of rows) row.hidden = text !== '' && !row.textContent.toLowerCase().includes(text);
  });
  view.replaceChildren(el('h2', {}, 'Заявки'), search, body);
  followEvents((event) => {
    const cell = body.querySelector(`[data-filing="${event.filingId}"] .status`);
    if (cell) cell.replaceChildren(statusBadge(event.progress, event.outcome));
  }, signal);
}

/** One filing: where it stands, its timeline and its documents (receipts) to download. */
export async function filingView(view, filingId) {
  const f = await getJson(`/filings/${encodeURIComponent(filingId)}`);
  view.replaceChildren(
    el('h2', {}, `Заявка ${f.fileId}`),
    el(
      'p',
      {},
      'Статус: ',
      statusBadge(f.progress, f.outcome),
      ` · КНД ${f.formCode} · НО ${f.taxOfficeCode} · абонент ${f.subscriberId} · подана ${when(f.submittedAt)}`,
    ),
    f.refusal ? el('p', { class: 'error' }, `${f.refusal.code}: ${f.refusal.message}`) : '',
    el('h3', {}, 'Ход документооборота'),
    table(
      ['Время', 'Этап', 'Результат'],
      f.timeline.map((e) =>
        el(
          'tr',
          {},
          el('td', {}, when(e.at)),
          el('td', {}, PROGRESS[e.progress] ?? e.status),
          el('td', {}, OUTCOME[e.outcome] ?? ''),
        ),
      ),
    ),
    el('h3', {}, 'Документы'),
    table(
      ['Документ', 'Файл', 'Размер', ''],
      f.documents.map((d) =>
        el(
          'tr',
          { 'data-document': d.kind },
          el('td', {}, documentName(d.kind)),
          el('td', { class: 'file' }, d.fileName),
          el('td', {}, `${d.size} Б`),
          el(
            'td',
            {},
            el('button', { type: 'button', onclick: () => download(d.href, d.fileName) }, 'Скачать'),
          ),
        ),
      ),
    ),
  );
}

const LIFECYCLE = {
  current: 'действующий',
  superseded: 'заменён',
  retired: 'выведен',
  revoked: 'отозван',
  unbound: 'отвязан',
};
const REGISTRATION = { pending: 'ожидает', registered: 'зарегистрирован', rejected: 'отказ' };
// A certificate id is 64 hex digits; the start tells certificates apart, the title holds it all.
const certificateIdCell = (id) => el('td', { class: 'id', title: id }, `${id.slice(0, 16)}…`);

/**
 * Polls a certificate request until the registry decides it. The registry answers in well under a
 * second normally; after two minutes the operator is told to look later rather than wait on.
 */
async function certificateDecision(requestId) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const request = await getJson(`/certificate-requests/${encodeURIComponent(requestId)}`);
    if (request.status !== 'pending' || Date.now() > deadline) return request;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** One subscriber's certificates, its expiry warnings, and the reissue of its certificate. */
function subscriberDetails(s) {
  const path = `/subscribers/${encodeURIComponent(s.subscriberId)}`;
  const certificatesBox = el('div', { 'data-testid': 'certificates' });
  const warningsBox = el('div', { 'data-testid': 'warnings' });
  const file = el('input', {
    type: 'file',
    accept: '.pem,.cer,.crt',
    name: 'certificate',
    'data-testid': 'reissue-file',
  });
  const result = el('p', { 'data-testid': 'reissue-result', role: 'status' });
  const render = async () => {
    const [{ certificates }, { warnings }] = await Promise.all([
      getJson(`${path}/certificates`),
      getJson(`${path}/certificate-warnings`),
    ]);
    certificatesBox.replaceChildren(
      table(
        ['Сертификат', 'Идентификатор', 'Состояние', 'Проверка', 'Регистрация в ФНС', 'Действует до'],
        certificates.map((c) =>
          el(
            'tr',
            { 'data-certificate': c.certificateId, 'data-lifecycle': c.lifecycle },
            el('td', {}, c.subject),
            certificateIdCell(c.certificateId),
            el('td', {}, LIFECYCLE[c.lifecycle] ?? c.lifecycle),
            el('td', {}, c.status),
            el('td', {}, REGISTRATION[c.taxAuthority?.status] ?? c.taxAuthority?.status ?? '—'),
            el('td', {}, when(c.notAfter)),
          ),
        ),
      ),
    );
    const subjects = new Map(certificates.map((c) => [c.certificateId, c.subject]));
    warningsBox.replaceChildren(
      warnings.length === 0
        ? el('p', { class: 'empty' }, 'Предупреждений об окончании срока не отправлялось.')
        : table(
            ['Порог, дней', 'Сертификат', 'Идентификатор', 'Осталось дней', 'Действует до', 'Отправлено'],
            warnings.map((w) =>
              el(
                'tr',
                {
                  'data-warning': '',
                  'data-certificate': w.certificateId,
                  'data-threshold': w.thresholdDays,
                },
                el('td', {}, w.thresholdDays),
                // A warning may be of a certificate already unbound, which the list no longer shows.
                el('td', {}, subjects.get(w.certificateId) ?? '—'),
                certificateIdCell(w.certificateId),
                el('td', {}, w.daysLeft),
                el('td', {}, when(w.notAfter)),
                el('td', {}, when(w.warnedAt)),
              ),
            ),
          ),
    );
    return certificates;
  };
  const refresh = () =>
    render().catch((error) =>
      certificatesBox.replaceChildren(el('p', { class: 'error', role: 'alert' }, error.message)),
    );
  // The decision and the subscriber's new certificate list reach the gateway as two events; the
  // list may follow the decision by a moment, so it is read again until it shows the new one.
  const showCurrent = async (certificateId) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const certificates = await render();
      const shown = certificates.some((c) => c.certificateId === certificateId && c.lifecycle === 'current');
      if (shown || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const reissue = async (event) => {
    const button = event.currentTarget;
    if (!file.files[0]) {
      result.replaceChildren(el('span', { class: 'error' }, 'Выберите файл сертификата (PEM или CER).'));
      return;
    }
    button.disabled = true;
    result.removeAttribute('data-status');
    result.replaceChildren('Отправлен, ждём решения…');
    try {
      const requested = await postCertificate(`${path}/certificates/reissue`, file.files[0]);
      const decided = await certificateDecision(requested.requestId);
      result.dataset.status = decided.status;
      if (decided.status === 'applied') {
        result.replaceChildren(
          el('span', { class: 'ok' }, 'Применён: новый сертификат '),
          el('code', { 'data-testid': 'certificate-id' }, decided.certificateId),
        );
      } else if (decided.status === 'rejected') {
        const reason = decided.reason ? `${decided.reason.code}: ${decided.reason.message}` : '';
        result.replaceChildren(el('span', { class: 'error' }, `Отклонён: ${reason}`));
      } else {
        result.replaceChildren(`Решения пока нет; запрос ${decided.requestId}, проверьте позже.`);
      }
      file.value = '';
      if (decided.status === 'applied') await showCurrent(decided.certificateId);
      else await refresh();
    } catch (error) {
      result.replaceChildren(el('span', { class: 'error' }, error.message));
    } finally {
      button.disabled = false;
    }
  };
  const details = el(
    'td',
    { colspan: 4 },
    certificatesBox,
    el(
      'p',
      { class: 'reissue' },
      el('label', {}, 'Новый сертификат (PEM или CER) ', file),
      ' ',
      el('button', { type: 'button', onclick: reissue }, 'Перевыпустить'),
    ),
    result,
    el('h4', {}, 'Предупреждения об окончании срока'),
    warningsBox,
  );
  return { details, refresh };
}

/** Operator: subscribers, their certificates (status, registration, expiry warnings) and reissue. */
export async function subscribersView(view) {
  const { subscribers } = await getJson('/subscribers?limit=100');
  const rows = subscribers.map((s) => {
    const { details, refresh } = subscriberDetails(s);
    const row = el('tr', { hidden: '', 'data-subscriber-details': s.subscriberId }, details);
    const show = async () => {
      row.hidden = !row.hidden;
      if (!row.hidden) await refresh();
    };
    return [
      el(
        'tr',
        { 'data-subscriber': s.subscriberId },
        el('td', {}, s.subscriberId),
        el('td', {}, s.name ?? ''),
        el('td', {}, s.inn ?? ''),
        el('td', {}, el('button', { type: 'button', onclick: show }, 'Сертификаты')),
      ),
      row,
    ];
  });
  view.replaceChildren(
    el('h2', {}, 'Абоненты'),
    table(['Идентификатор', 'Наименование', 'ИНН', ''], rows.flat()),
  );
}

/** Inspector: the history of its tax offices with the filters of GET /history, and CSV export. */
export async function historyView(view, me) {
  const office = me.taxOfficeCodes.length
    ? el(
        'select',
        { name: 'taxOfficeCode' },
        me.taxOfficeCodes.map((c) => el('option', { value: c }, c)),
      )
    : el('input', { name: 'taxOfficeCode', placeholder: '0000', size: 4 });
  const field = (name, placeholder) => el('input', { name, placeholder, size: 12 });
  const filters = [office, field('inn', 'ИНН'), field('knd', 'КНД'), field('year', 'год')];
  const results = el('div');
  const query = () => {
    const params = new URLSearchParams();
    for (const f of filters) if (f.value.trim()) params.set(f.name, f.value.trim());
    return params;
  };
  const search = async () => {
    const page = await getJson(`/history?${query()}&limit=100`);
    results.replaceChildren(
      table(
        ['Файл', 'ИНН', 'КНД', 'Статус', 'Подана'],
        page.items.map((h) =>
          el(
            'tr',
            { 'data-filing': h.filingId },
            el('td', {}, el('a', { href: `#/filings/${h.filingId}` }, h.fileId)),
            el('td', {}, h.taxpayerInn ?? ''),
            el('td', {}, h.formCode ?? ''),
            el(
              'td',
              {},
              el(
                'span',
                { class: `badge ${h.status}`, 'data-testid': 'status' },
                STATUS[h.status] ?? h.status,
              ),
            ),
            el('td', {}, when(h.submittedAt)),
          ),
        ),
      ),
    );
  };
  view.replaceChildren(
    el('h2', {}, 'История'),
    el(
      'div',
      { class: 'filters' },
      filters.map((f) => el('label', {}, f)),
      el('button', { type: 'button', onclick: search }, 'Найти'),
      el(
        'button',
        { type: 'button', onclick: () => download(`/api/v1/history?${query()}&format=csv`, 'history.csv') },
        'Экспорт CSV',
      ),
    ),
    results,
  );
  await search();
}

/** Client: upload a declaration and the taxpayer's signature, with progress. */
export function uploadView(view, me) {
  const subscriber = el(
    'select',
    { name: 'subscriberId' },
    me.subscriberIds.map((s) => el('option', { value: s }, s)),
  );
  const declaration = el('input', { type: 'file', accept: '.xml', name: 'declaration' });
  const signature = el('input', { type: 'file', name: 'signature' });
  const progress = el('progress', { max: 1, value: 0 });
  // The share in figures too: a bar alone does not say how far a large upload has got.
  const percent = el('output', { 'data-testid': 'upload-percent' });
  const result = el('p');
  const send = async () => {
    const form = new FormData();
    form.set('subscriberId', subscriber.value);
    form.set('declaration', declaration.files[0]);
    if (signature.files[0]) form.set('signature', signature.files[0]);
    try {
      const filing = await upload(form, (share) => {
        progress.value = share;
        percent.textContent = `${Math.round(share * 100)} %`;
      });
      location.hash = `#/filings/${filing.filingId}`;
    } catch (error) {
      result.replaceChildren(el('span', { class: 'error' }, error.message));
    }
  };
  view.replaceChildren(
    el('h2', {}, 'Отправить декларацию'),
    el('p', {}, el('label', {}, 'Абонент ', subscriber)),
    el('p', {}, el('label', {}, 'Декларация (ИдФайл.xml) ', declaration)),
    el('p', {}, el('label', {}, 'Подпись налогоплательщика (.sig) ', signature)),
    el('p', {}, el('button', { type: 'button', onclick: send }, 'Отправить'), ' ', progress, ' ', percent),
    result,
  );
}

/** The key figures from the gateway's /metrics: filings by stage, outbox, dead letters. */
export async function figuresView(view) {
  const text = await (await fetch('/metrics')).text();
  const sum = (name, filter = () => true) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(name) && filter(l))
      .reduce((total, l) => total + Number(l.split(' ').pop()), 0);
  const figure = (label, value) => el('div', { class: 'figure' }, el('b', {}, String(value)), label);
  view.replaceChildren(
    el('h2', {}, 'Показатели'),
    el(
      'div',
      { class: 'figures' },
      figure('заявок всего', sum('tks_filings{')),
      figure(
        'в работе',
        sum('tks_filings{', (l) => !l.includes('stage="finished"') && l.includes('outcome="none"')),
      ),
      figure(
        'приняты НО',
        sum('tks_filings{', (l) => l.includes('outcome="accepted"')),
      ),
      figure(
        'отклонены',
        sum('tks_filings{', (l) => /outcome="(refused|rejected)"/.test(l)),
      ),
      figure('в outbox', sum('tks_outbox_backlog{')),
      figure('в очереди недоставленных', sum('tks_dead_letters_total{')),
    ),
  );
}
