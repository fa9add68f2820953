import { apiKey, getJson } from './api.js';
import {
  el,
  figuresView,
  filingsView,
  filingView,
  historyView,
  subscribersView,
  uploadView,
} from './views.js';

// What each role sees; the API enforces it again on every call.
const SECTIONS = {
  operator: [
    ['filings', 'Заявки'],
    ['subscribers', 'Абоненты'],
    ['history', 'История'],
    ['figures', 'Показатели'],
  ],
  inspector: [['history', 'История']],
  client: [
    ['filings', 'Заявки'],
    ['upload', 'Отправить'],
  ],
};

const $ = (id) => document.getElementById(id);
let me = null;
let following = new AbortController();

async function signIn(key) {
  apiKey.set(key);
  try {
    me = await getJson('/access/me');
  } catch (error) {
    apiKey.clear();
    throw error;
  }
  $('sign-in').hidden = true;
  $('who').hidden = false;
  $('who-name').textContent =
    `${me.name} (${{ operator: 'оператор', inspector: 'инспектор', client: 'клиент' }[me.role]})`;
  const nav = $('nav');
  nav.replaceChildren(
    ...SECTIONS[me.role].map(([id, label]) => el('a', { href: `#/${id}`, 'data-section': id }, label)),
  );
  nav.hidden = false;
  $('view').hidden = false;
  if (!location.hash || location.hash === '#/') location.hash = `#/${SECTIONS[me.role][0][0]}`;
  else route();
}

async function route() {
  if (!me) return;
  following.abort();
  following = new AbortController();
  const [, section, id] = location.hash.split('/');
  for (const link of $('nav').children) link.classList.toggle('active', link.dataset.section === section);
  const view = $('view');
  view.replaceChildren(el('p', {}, 'Загрузка…'));
  try {
    if (section === 'filings' && id) await filingView(view, id);
    else if (section === 'filings') await filingsView(view, following.signal);
    else if (section === 'subscribers') await subscribersView(view);
    else if (section === 'history') await historyView(view, me);
    else if (section === 'upload') uploadView(view, me);
    else if (section === 'figures') await figuresView(view);
  } catch (error) {
    view.replaceChildren(el('p', { class: 'error', role: 'alert' }, error.message));
  }
}

$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn($('api-key').value.trim()).catch(
    (error) => ($('sign-in-error').textContent = `Ключ не принят: ${error.message}`),
  );
});
$('sign-out').addEventListener('click', () => {
  apiKey.clear();
  location.hash = '';
  location.reload();
});
window.addEventListener('hashchange', route);
if (apiKey.get()) signIn(apiKey.get()).catch(() => undefined);
