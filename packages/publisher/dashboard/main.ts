// The dashboard page's script (docs/dashboard.md): reads the staff token from the URL fragment (never sent to
// the server in a URL) or a form, follows /dashboard/stream with fetch (EventSource cannot send an
// Authorization header), and re-renders the tables from each snapshot. Text only through textContent.
import type { DashboardSnapshot, EventHops } from '../src/dashboard/dashboard-snapshot-types.js';

const TOKEN_KEY = 'waldur-sim-dashboard-token';
/** No snapshot for this long: the page says so (the stream sends one per second). */
const STALE_MS = 5000;

const byId = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`missing #${id}`);
  return el;
};

function setStatus(state: 'connecting' | 'live' | 'stale' | 'error', text: string): void {
  const el = byId('status');
  el.dataset.state = state;
  el.textContent = text;
}

function row(cells: readonly (string | [string, string])[], tag = 'td'): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement(tag);
    const [text, cls] = typeof cell === 'string' ? [cell, ''] : cell;
    td.textContent = text;
    if (cls !== '') td.className = cls;
    tr.append(td);
  }
  return tr;
}

function fill(id: string, head: readonly string[], rows: readonly HTMLTableRowElement[]): void {
  byId(id).replaceChildren(row(head, 'th'), ...rows);
}

const time = (iso: string): string => new Date(iso).toISOString().slice(11, 23);
const rate = (r: number | null): string => (r === null ? '?' : r.toFixed(1));
const num = (n: number | null): string => (n === null ? '?' : String(n));

const HOPS: readonly (keyof EventHops)[] = ['recorded', 'confirmed', 'delivered', 'applied'];

function hopCells(hops: EventHops): HTMLTableCellElement[] {
  const start = new Date(hops.recorded).getTime();
  return HOPS.map((hop) => {
    const td = document.createElement('td');
    td.dataset.hop = hop;
    const at = hops[hop];
    if (at === null) {
      td.className = 'missing';
      td.textContent = '—';
    } else {
      td.dataset.at = at;
      td.textContent = hop === 'recorded' ? time(at) : `+${new Date(at).getTime() - start} ms`;
      td.title = at;
    }
    return td;
  });
}

function render(s: DashboardSnapshot): void {
  const updated = byId('updated');
  updated.dataset.at = s.at;
  updated.textContent = `updated ${time(s.at)}`;
  const outbox = byId('outbox');
  outbox.replaceChildren();
  for (const [k, v] of Object.entries({
    pending: s.outbox.pending,
    sent: s.outbox.sent,
    dead: s.outbox.dead,
    'lag (s)': s.outbox.lagSeconds.toFixed(1),
  })) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = String(v);
    dd.dataset.outbox = k;
    outbox.append(dt, dd);
  }
  fill(
    'events',
    ['#', 'event', 'state', 'recorded', 'confirmed', 'delivered', 'applied'],
    s.events.map((e) => {
      const tr = row([e.id, e.summary, [e.state, e.state]]);
      tr.dataset.eventId = e.id;
      tr.dataset.summary = e.summary;
      tr.append(...hopCells(e.hops));
      if (e.lastError !== null) tr.title = e.lastError;
      return tr;
    }),
  );
  fill(
    'agents',
    ['status', 'agent', 'offering', 'consumers', 'last heartbeat', 'services'],
    s.agents.map((a) => {
      const tr = row([
        a.status,
        a.name,
        a.offering,
        String(a.consumers),
        time(a.lastHeartbeat),
        a.services.map((x) => `${x.name}: ${x.state}`).join(', '),
      ]);
      tr.dataset.agent = a.name;
      tr.dataset.status = a.status;
      return tr;
    }),
  );
  fill(
    'queues',
    ['queue', 'type', 'offering', 'subscriber', 'depth', 'consumers', 'publish/s', 'deliver/s', 'ack/s'],
    s.queues.map((q) =>
      row([
        `…${q.queue.slice(-40)}`,
        q.objectType,
        q.offering,
        q.subscriber,
        num(q.messages),
        num(q.consumers),
        rate(q.publishRate),
        rate(q.deliverRate),
        rate(q.ackRate),
      ]),
    ),
  );
  fill(
    'orders',
    ['order', 'type', 'state', 'modified'],
    s.orders.map((o) => row([o.uuid.slice(0, 8), o.type, o.state, time(o.modified)])),
  );
  fill(
    'resources',
    ['resource', 'state', 'SLURM account', 'modified'],
    s.resources.map((r) => row([r.name, r.state, r.backendId ?? '—', time(r.modified)])),
  );
}

async function follow(token: string): Promise<void> {
  setStatus('connecting', 'connecting…');
  const res = await fetch('stream', { headers: { authorization: `Token ${token}` } });
  if (res.status === 401 || res.status === 403) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw new Error(`token refused (${res.status})`);
  }
  if (!res.ok || res.body === null) throw new Error(`stream answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream closed');
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (data !== '') {
        render(JSON.parse(data) as DashboardSnapshot);
        lastUpdate = Date.now();
        setStatus('live', 'live');
      }
    }
  }
}

let lastUpdate = 0;

function start(token: string): void {
  const loop = (): void => {
    follow(token).catch((err: unknown) => {
      setStatus('error', `disconnected: ${err instanceof Error ? err.message : String(err)}`);
      if (sessionStorage.getItem(TOKEN_KEY) === null) byId('login').hidden = false;
      else setTimeout(loop, 2000);
    });
  };
  loop();
  setInterval(() => {
    if (lastUpdate !== 0 && Date.now() - lastUpdate > STALE_MS) setStatus('stale', 'stale: no update');
  }, 1000);
}

const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash !== null) {
  sessionStorage.setItem(TOKEN_KEY, fromHash);
  history.replaceState(null, '', location.pathname);
}
const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved === null) {
  byId('login').hidden = false;
  setStatus('error', 'token needed');
}
byId('login').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const token = (byId('token') as HTMLInputElement).value.trim();
  sessionStorage.setItem(TOKEN_KEY, token);
  byId('login').hidden = true;
  start(token);
});
if (saved !== null) start(saved);
