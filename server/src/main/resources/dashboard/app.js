// taskexec dashboard: plain JavaScript, no build step, nothing from the network but this server's API.
'use strict';

window.__errors = [];
window.addEventListener('error', (e) => window.__errors.push(e.message));
window.addEventListener('unhandledrejection', (e) => { if (String(e.reason) !== 'Error: unauthorized') window.__errors.push(String(e.reason)); });
document.addEventListener('securitypolicyviolation', (e) => window.__errors.push('CSP: ' + e.violatedDirective));

const STATES = ['PENDING', 'READY', 'PLACED', 'RUNNING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT',
  'CANCELLED', 'UPSTREAM_FAILED', 'DEADLINE_MISSED', 'SKIPPED'];
const COLORS = { SUCCEEDED: '#3fb950', FAILED: '#f85149', TIMED_OUT: '#f85149', UPSTREAM_FAILED: '#da6d6d',
  DEADLINE_MISSED: '#f85149', RUNNING: '#4c8dff', PLACED: '#7aa7ff', RETRYING: '#d29922', CANCELLED: '#6e7681',
  SKIPPED: '#6e7681', PENDING: '#8b96a8', READY: '#a8b3c4' };
const $ = (id) => document.getElementById(id);
const state = { view: 'tasks', filters: {}, cursor: null, items: [], selected: null, run: null, lastEventId: null };

// ---------- small DOM helpers (no innerHTML with data: everything is text) ----------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c != null) el.append(c instanceof Node ? c : String(c));
  return el;
}
function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null) el.setAttribute(k, v);
  for (const c of children.flat()) if (c != null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
const badge = (s) => h('span', { class: 'state s-' + s }, s.toLowerCase().replace('_', ' '));
const short = (id, n = 28) => (id && id.length > n ? id.slice(0, n - 1) + '…' : id || '');
function when(t) {
  if (!t) return '–';
  const d = new Date(t);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString([], { hour12: false }) : d.toLocaleString([], { hour12: false });
}
function dur(ms) {
  if (ms == null || ms < 0) return '–';
  if (ms < 1000) return Math.round(ms) + ' ms';
  const s = ms / 1000;
  if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm ' + Math.round(s % 60) + 's';
  return Math.floor(m / 60) + 'h ' + (m % 60) + 'm';
}
function taskDuration(t) {
  if (!t.started_at) return null;
  const end = t.ended_at ? Date.parse(t.ended_at) : Date.now();
  return end - Date.parse(t.started_at);
}

// ---------- API with the token ----------
function token() { return localStorage.getItem('taskexec.token') || ''; }
async function api(path, options = {}) {
  const res = await fetch(path, { ...options, headers: { ...(options.headers || {}), Authorization: 'Bearer ' + token() } });
  if (res.status === 401) { askToken('The server did not accept the token. Paste a valid one.'); throw new Error('unauthorized'); }
  const type = res.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw Object.assign(new Error(body.detail || res.statusText), { problem: body, status: res.status });
  return body;
}
function askToken(message) {
  const d = $('token-dialog');
  $('token-error').textContent = message || '';
  $('token-error').classList.toggle('hidden', !message);
  if (!d.open) d.showModal();
}
$('token-form').addEventListener('submit', async () => {
  localStorage.setItem('taskexec.token', $('token-input').value.trim());
  $('token-input').value = '';
  await start();
});
$('token-button').addEventListener('click', () => askToken());

// ---------- counts by state ----------
async function loadCounts() {
  const c = await api('/api/v1/counts');
  const box = $('counts');
  box.replaceChildren();
  box.append(countChip('all', c.total, ''));
  for (const s of STATES) {
    const n = c.counts[s] || 0;
    if (n === 0 && !['RUNNING', 'SUCCEEDED', 'FAILED', 'READY'].includes(s)) continue;
    box.append(countChip(s.toLowerCase().replace('_', ' '), n, s));
  }
}
function countChip(label, n, s) {
  const chip = h('div', { class: 'count' + (n === 0 ? ' zero' : '') + ((state.filters.state || '') === s ? ' selected' : ''), 'data-state': s || 'ALL',
    onclick: () => { $('f-state').value = s; applyFilters(); location.hash = '#/tasks'; } },
    h('b', {}, n.toLocaleString()), h('span', {}, label));
  if (s) chip.style.setProperty('--c', COLORS[s]);
  else chip.style.setProperty('--c', '#d8dee9');
  return chip;
}

// ---------- tasks ----------
for (const s of STATES) $('f-state').append(h('option', { value: s }, s.toLowerCase().replace('_', ' ')));
function applyFilters() {
  const f = {};
  for (const k of ['state', 'type', 'agent', 'run']) { const v = $('f-' + k).value.trim(); if (v) f[k] = v; }
  state.filters = f;
  loadTasks(false);
  loadCounts();
}
$('filters').addEventListener('change', applyFilters);
$('filters').addEventListener('submit', (e) => { e.preventDefault(); applyFilters(); });
$('filters').addEventListener('reset', () => setTimeout(applyFilters));
let typing;
$('filters').addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(applyFilters, 300); });
$('more').addEventListener('click', () => loadTasks(true));

async function loadTasks(more) {
  const q = new URLSearchParams({ ...state.filters, limit: '100' });
  if (more && state.cursor) q.set('cursor', state.cursor);
  if (!more) {
    // refresh the pages already shown, so that a live update keeps the operator's place
    q.set('limit', String(Math.min(1000, Math.max(100, state.items.length))));
  }
  const page = await api('/api/v1/tasks?' + q);
  state.items = more ? state.items.concat(page.items) : page.items;
  state.cursor = page.next_cursor;
  $('task-total').textContent = page.total.toLocaleString() + (page.total === 1 ? ' task' : ' tasks');
  const body = $('task-table').tBodies[0];
  body.replaceChildren(...state.items.map(taskRow));
  $('task-empty').classList.toggle('hidden', state.items.length > 0);
  $('more').classList.toggle('hidden', !state.cursor);
  if (state.selected) showTask(state.selected, true);
}
function taskRow(t) {
  const bar = h('div', { class: 'bar' }, h('i'));
  const p = t.state === 'SUCCEEDED' ? 1 : t.progress || 0;
  bar.firstChild.style.width = Math.round(p * 100) + '%';
  if (t.state === 'SUCCEEDED') bar.firstChild.style.background = COLORS.SUCCEEDED;
  if (['FAILED', 'TIMED_OUT'].includes(t.state)) { bar.firstChild.style.background = COLORS.FAILED; bar.firstChild.style.width = '100%'; }
  if (t.state === 'RUNNING' && !t.progress) bar.classList.add('busy');
  return h('tr', { class: t.id === state.selected ? 'selected' : '', 'data-id': t.id, onclick: () => showTask(t.id) },
    h('td', { class: 'id', title: t.id }, short(t.id, 34)), h('td', {}, badge(t.state)), h('td', {}, t.type),
    h('td', { title: t.run || '' }, t.run ? h('a', { href: '#/runs/' + encodeURIComponent(t.run), onclick: (e) => e.stopPropagation() }, short(t.run, 18)) : h('span', { class: 'muted' }, '–')),
    h('td', {}, t.agent || h('span', { class: 'muted' }, '–')), h('td', { class: 'num' }, t.attempt || '–'),
    h('td', {}, when(t.submitted_at)), h('td', { class: 'num' }, dur(taskDuration(t))),
    h('td', {}, ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT'].includes(t.state) ? bar : h('span', { class: 'muted' }, t.waiting_for ? short(t.waiting_for, 22) : '')));
}

async function showTask(id, quiet) {
  state.selected = id;
  for (const tr of $('task-table').tBodies[0].rows) tr.classList.toggle('selected', tr.dataset.id === id);
  let t;
  try { t = await api('/api/v1/tasks/' + encodeURIComponent(id)); } catch (e) { if (!quiet) console.warn(e); return; }
  const d = $('task-detail');
  d.classList.remove('hidden');
  const req = t.requirements;
  const waiting = !['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'UPSTREAM_FAILED', 'DEADLINE_MISSED', 'SKIPPED'].includes(t.state);
  const actions = h('div', { class: 'actions' });
  if (!['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'UPSTREAM_FAILED', 'DEADLINE_MISSED', 'SKIPPED'].includes(t.state))
    actions.append(h('button', { class: 'danger', type: 'button', onclick: () => act(t.id, 'cancel') }, 'Cancel'));
  else if (t.state !== 'SUCCEEDED') actions.append(h('button', { class: 'ghost', type: 'button', onclick: () => act(t.id, 'retry') }, 'Retry'));
  actions.append(h('button', { class: 'ghost', type: 'button', onclick: () => { state.selected = null; d.classList.add('hidden'); loadTasks(false); } }, 'Close'));
  d.replaceChildren(
    h('h3', {}, t.id), badge(t.state),
    h('dl', {},
      h('dt', {}, 'type'), h('dd', {}, t.type),
      h('dt', {}, 'run'), h('dd', {}, t.run ? h('a', { href: '#/runs/' + encodeURIComponent(t.run) }, t.run) : '–'),
      h('dt', {}, 'priority'), h('dd', {}, t.priority),
      h('dt', {}, 'needs'), h('dd', {}, `${req.cpu_cores} cpu · ${req.memory_gb} GB mem · ${req.storage_gb} GB disk` + (req.gpu_units ? ` · ${req.gpu_units} gpu` : '')),
      h('dt', {}, 'depends on'), h('dd', {}, t.depends_on.length ? t.depends_on.join(', ') : '–'),
      h('dt', {}, 'submitted'), h('dd', {}, when(t.submitted_at)),
      h('dt', {}, 'deadline'), h('dd', {}, when(t.deadline)),
      t.waiting_for ? [h('dt', {}, 'waiting for'), h('dd', {}, t.waiting_for)] : null,
      t.message ? [h('dt', {}, 'last message'), h('dd', {}, t.message)] : null),
    actions,
    waiting ? h('div', { class: 'why', id: 'why-pending' }, h('h4', {}, 'Why waiting'), h('div', { class: 'muted' }, 'Asking the scheduler…')) : null,
    h('h4', {}, `Attempts (${t.attempts.length})`),
    ...(t.attempts.length ? t.attempts.slice().reverse().map((a) => attemptBox(t, a)) : [h('div', { class: 'muted' }, 'Not placed yet.')]));
  if (waiting) explainInto(t.id);
}
const REASONS = { dependency: 'dependency', named_resource: 'named resource', quota: 'quota', never_fits: 'never fits',
  resource: 'capacity', deadline: 'deadline' };
async function explainInto(id) {
  let e;
  try { e = await api('/api/v1/tasks/' + encodeURIComponent(id) + '/explain'); } catch (err) { e = { error: err.message }; }
  const box = $('why-pending');
  if (!box || state.selected !== id) return;
  const body = e.error ? h('div', { class: 'error' }, e.error)
    : !e.reasons.length ? h('div', { class: 'muted' }, e.summary)
    : h('ol', { class: 'reasons' }, e.reasons.map((r) => h('li', { 'data-kind': r.kind },
      h('span', { class: 'kind k-' + r.kind }, REASONS[r.kind] || r.kind), ' ', r.message)));
  box.replaceChildren(h('h4', {}, 'Why waiting'), body);
}
function attemptBox(t, a) {
  const box = h('div', { class: 'attempt' },
    h('header', {}, h('b', {}, '#' + a.attempt + ' on ' + (a.agent || '?')), a.outcome ? badge(a.outcome) : badge(t.state)),
    h('div', { class: 'muted' }, `started ${when(a.started_at)} · ${dur(a.duration_ms || taskDuration({ started_at: a.started_at, ended_at: a.ended_at }))}` +
      (a.exit_code != null ? ` · exit ${a.exit_code}` : '')),
    a.message ? h('div', {}, a.message) : null);
  if (a.has_logs) {
    for (const stream of ['stdout', 'stderr']) {
      const pre = h('pre', { class: 'log hidden', 'data-stream': stream });
      const link = h('a', { href: '#', class: 'pill', onclick: async (e) => {
        e.preventDefault();
        if (!pre.classList.contains('hidden')) { pre.classList.add('hidden'); return; }
        try { pre.textContent = (await api(`/api/v1/tasks/${encodeURIComponent(t.id)}/logs?attempt=${a.attempt}&stream=${stream}`)) || '(empty)'; }
        catch (err) { pre.textContent = err.message; }
        pre.classList.remove('hidden');
      } }, stream);
      box.append(' ', link, pre);
    }
  }
  return box;
}
async function act(id, what) {
  try { await api(`/api/v1/tasks/${encodeURIComponent(id)}/${what}`, { method: 'POST' }); } catch (e) { alert(e.message); }
  refreshSoon();
}

// ---------- runs: dependency graph and Gantt timeline ----------
async function loadRuns() {
  const runs = (await api('/api/v1/runs?limit=200')).items;
  const list = $('run-list');
  list.replaceChildren(...runs.map((r) => {
    const stack = h('div', { class: 'stack' });
    for (const [s, n] of Object.entries(r.counts)) { const i = h('i'); i.style.width = (100 * n / r.total) + '%'; i.style.background = COLORS[s]; stack.append(i); }
    return h('li', { class: r.id === state.run ? 'selected' : '', onclick: () => { location.hash = '#/runs/' + encodeURIComponent(r.id); } },
      h('div', { class: 'name' }, h('span', { title: r.id }, short(r.id, 26)), badge(r.state)),
      h('div', { class: 'sub' }, `${r.total} tasks · ${when(r.submitted_at)}`), stack);
  }));
  if (!runs.length) list.append(h('li', { class: 'muted' }, 'No runs yet. Submit a task file: taskexec submit FILE --server URL'));
  if (state.run) loadRun(state.run);
}
async function loadRun(id) {
  let run;
  try { run = await api('/api/v1/runs/' + encodeURIComponent(id)); } catch (e) { $('run-view').replaceChildren(h('div', { class: 'empty' }, e.message)); return; }
  const summary = Object.entries(run.counts).map(([s, n]) => `${n} ${s.toLowerCase().replace('_', ' ')}`).join(' · ');
  const actions = run.state === 'RUNNING' ? h('button', { class: 'danger', type: 'button', onclick: async () => { await api(`/api/v1/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }); refreshSoon(); } }, 'Cancel run') : null;
  $('run-view').replaceChildren(
    h('div', { class: 'panel' }, h('div', { class: 'run-title' }, h('h2', {}, run.id), actions),
      h('div', {}, badge(run.state), ' ', h('span', { class: 'muted' }, `${run.total} tasks · ${summary} · submitted ${when(run.submitted_at)}` + (run.ended_at ? ` · ended ${when(run.ended_at)}` : '')))),
    h('div', { class: 'panel' }, h('h3', {}, 'Dependency graph'), h('div', { class: 'scroll' }, graph(run.tasks))),
    h('div', { class: 'panel' }, h('h3', {}, 'Timeline'), h('div', { class: 'scroll' }, gantt(run.tasks))));
}
function graph(tasks) {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const depth = new Map();
  const level = (t, seen = new Set()) => {
    if (depth.has(t.id)) return depth.get(t.id);
    if (seen.has(t.id)) return 0;
    seen.add(t.id);
    let d = 0;
    for (const p of t.depends_on) if (byId.has(p)) d = Math.max(d, level(byId.get(p), seen) + 1);
    depth.set(t.id, d);
    return d;
  };
  tasks.forEach((t) => level(t));
  const cols = [];
  for (const t of tasks) (cols[depth.get(t.id)] ||= []).push(t);
  const W = 170, H = 34, GX = 60, GY = 14;
  const pos = new Map();
  cols.forEach((col, c) => col.forEach((t, r) => pos.set(t.id, { x: 10 + c * (W + GX), y: 10 + r * (H + GY) })));
  const width = 20 + cols.length * (W + GX) - GX, height = 20 + Math.max(...cols.map((c) => c.length)) * (H + GY) - GY;
  const s = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height });
  for (const t of tasks) for (const p of t.depends_on) {
    if (!pos.has(p)) continue;
    const a = pos.get(p), b = pos.get(t.id);
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mx = (x1 + x2) / 2;
    s.append(svg('path', { class: 'edge', d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 4},${y2}` }));
    s.append(svg('path', { d: `M${x2 - 6},${y2 - 4} L${x2},${y2} L${x2 - 6},${y2 + 4} Z`, fill: '#4a5568' }));
  }
  for (const t of tasks) {
    const p = pos.get(t.id);
    const g = svg('g', { class: 'node', transform: `translate(${p.x},${p.y})` },
      svg('rect', { width: W, height: H, rx: 6, fill: '#1c2430', stroke: COLORS[t.state] }),
      svg('rect', { width: 5, height: H, rx: 2, fill: COLORS[t.state] }),
      svg('text', { x: 14, y: 14 }, short(t.id, 20)),
      svg('text', { x: 14, y: 27, class: 'axis' }, t.state.toLowerCase().replace('_', ' ') + (t.attempt > 1 ? ` · try ${t.attempt}` : '')),
      svg('title', {}, `${t.id}\n${t.state}`));
    g.addEventListener('click', () => { location.hash = '#/tasks'; setTimeout(() => showTask(t.id), 50); });
    s.append(g);
  }
  return s;
}
function gantt(tasks) {
  const bars = [];
  for (const t of tasks) {
    for (const a of t.attempts || []) if (a.started_at) bars.push({ t, a, s: Date.parse(a.started_at), e: a.ended_at ? Date.parse(a.ended_at) : Date.now() });
    const open = (t.attempts || []).some((a) => a.started_at && !a.ended_at);
    if (t.state === 'RUNNING' && t.started_at && !open) bars.push({ t, a: { attempt: t.attempt, outcome: 'RUNNING' }, s: Date.parse(t.started_at), e: Date.now() });
  }
  if (!bars.length) return h('div', { class: 'empty' }, 'Nothing has started yet.');
  const t0 = Math.min(...bars.map((b) => b.s)), t1 = Math.max(...bars.map((b) => b.e), t0 + 1);
  const rows = [...new Set(bars.map((b) => b.t.id))];
  const L = 190, W = 760, R = 22, top = 22;
  const x = (t) => L + (W * (t - t0)) / (t1 - t0);
  const s = svg('svg', { viewBox: `0 0 ${L + W + 20} ${top + rows.length * R + 6}`, width: L + W + 20, height: top + rows.length * R + 6 });
  for (let i = 0; i <= 5; i++) {
    const tx = L + (W * i) / 5;
    s.append(svg('line', { class: 'grid-line', x1: tx, x2: tx, y1: 14, y2: top + rows.length * R }));
    s.append(svg('text', { class: 'axis', x: tx, y: 10, 'text-anchor': i === 0 ? 'start' : i === 5 ? 'end' : 'middle' }, '+' + dur(((t1 - t0) * i) / 5)));
  }
  rows.forEach((id, i) => s.append(svg('text', { x: 0, y: top + i * R + 14 }, short(id, 24))));
  for (const b of bars) {
    const i = rows.indexOf(b.t.id);
    const outcome = b.a.outcome || b.t.state;
    s.append(svg('rect', { x: x(b.s), y: top + i * R + 3, width: Math.max(2, x(b.e) - x(b.s)), height: R - 8, rx: 3, fill: COLORS[outcome] || COLORS.RUNNING },
      svg('title', {}, `${b.t.id} attempt ${b.a.attempt}: ${outcome}, ${dur(b.e - b.s)}`)));
  }
  return s;
}

// ---------- agents ----------
async function loadAgents() {
  const data = await api('/api/v1/agents');
  $('agent-cards').replaceChildren(...data.items.map((a) => h('div', { class: 'card' },
    h('h3', {}, h('span', {}, a.id), h('span', { class: 'muted' }, `${a.tasks.length} running`)),
    resBar('CPU', a.allocated.cpu_cores, a.capacity.cpu_cores, 'cores'),
    resBar('Memory', a.allocated.memory_gb, a.capacity.memory_gb, 'GB'),
    resBar('Storage', a.allocated.storage_gb, a.capacity.storage_gb, 'GB'),
    a.capacity.gpu_units ? resBar('GPU', a.allocated.gpu_units, a.capacity.gpu_units, '') : null,
    a.schedulable_cpu_cores !== a.capacity.cpu_cores ? h('div', { class: 'tasks' }, `Overcommit ×${data.overcommit_ratio}: up to ${(Math.round(a.schedulable_cpu_cores * 10) / 10)} cores may be placed.`) : null,
    h('div', { class: 'tasks' }, a.tasks.length ? 'Tasks: ' + a.tasks.slice(0, 8).join(', ') + (a.tasks.length > 8 ? ` and ${a.tasks.length - 8} more` : '') : 'Idle'))));
  if (!data.items.length) $('agent-cards').append(h('div', { class: 'empty-state' }, h('b', {}, 'No agents'), 'Start one with taskexec agent.'));
}
function resBar(label, used, cap, unit) {
  const f = cap > 0 ? used / cap : 0;
  const fill = h('i', { class: f >= 0.95 ? 'full' : f >= 0.75 ? 'hot' : '' });
  fill.style.width = Math.min(100, f * 100) + '%';
  const fmt = (n) => (Math.round(n * 10) / 10).toLocaleString();
  return h('div', { class: 'res' }, h('div', { class: 'label' }, h('span', {}, label), h('b', {}, `${fmt(used)} / ${fmt(cap)} ${unit} · ${Math.round(f * 100)}%`)), h('div', { class: 'bar' }, fill));
}

// ---------- alerts and reports ----------
const RULES = { resource_utilisation: 'Resource utilisation', failure_rate: 'Failure rate', deadline_misses: 'Deadline misses',
  queue_age: 'Queue age', lost_agents: 'Lost agents' };
function measure(a) {
  if (a.value == null) return '–';
  if (a.rule === 'failure_rate' || a.rule === 'resource_utilisation') return `${Math.round(a.value * 100)}% (threshold ${Math.round(a.threshold * 100)}%)`;
  if (a.rule === 'queue_age') return `${dur(a.value * 1000)} (threshold ${dur(a.threshold * 1000)})`;
  return `${a.value} (threshold ${a.threshold})`;
}
async function loadAlerts() {
  const data = await api('/api/v1/alerts');
  $('alert-count').textContent = data.firing;
  $('alert-count').classList.toggle('hidden', !data.firing);
  if (!data.items.length) {
    $('alert-list').replaceChildren(h('div', { class: 'empty-state' }, h('b', {}, 'No alerts firing'),
      data.source === 'none' ? 'Alerting is not attached to this server (monitoring.alert_management).'
        : 'All clear: no alert rule has held since the server started.'));
    return;
  }
  const resolved = data.items.length - data.firing;
  $('alert-list').replaceChildren(
    h('div', { class: 'toolbar' }, h('span', { class: 'muted grow' },
      `${data.firing} firing · ${resolved} resolved — rules are checked every check_interval; a rule fires at most once per cooldown_period.`)),
    h('table', { class: 'grid alerts' },
      h('thead', {}, h('tr', {}, ...['', 'Rule', 'State', 'Message', 'Value', 'Since', 'Last fired'].map((c) => h('th', {}, c)))),
      h('tbody', {}, data.items.map((a) => h('tr', { 'data-rule': a.rule, class: 'alert-' + a.state },
        h('td', {}, h('span', { class: 'sev sev-' + (a.severity || 'info') }, a.severity || 'info')),
        h('td', {}, h('b', {}, RULES[a.rule] || a.rule), h('div', { class: 'muted mono' }, a.rule)),
        h('td', {}, h('span', { class: 'state ' + (a.state === 'firing' ? 's-FAILED' : 's-SUCCEEDED') }, a.state)),
        h('td', { class: 'wrap' }, a.message),
        h('td', { class: 'num' }, measure(a)),
        h('td', {}, a.since ? when(a.since) : h('span', { class: 'muted' }, 'held last ' + when(a.last_held))),
        h('td', {}, when(a.last_fired)))))));
}
async function loadReports() {
  const data = await api('/api/v1/reports');
  const bar = h('div', { class: 'toolbar' }, h('span', { class: 'muted grow' }, 'Reports from the reporting module, newest first.'),
    ...['html', 'pdf', 'json'].map((f) => h('button', { class: 'ghost', type: 'button', onclick: async () => {
      try { await api('/api/v1/reports?kind=run&format=' + f, { method: 'POST' }); } catch (e) { alert(e.message); }
      loadReports();
    } }, 'Run report (' + f + ')')));
  if (!data.items.length) {
    $('report-list').replaceChildren(bar, h('div', { class: 'empty-state' }, h('b', {}, 'No reports yet'), 'Generated reports appear here with a download link.'));
    return;
  }
  $('report-list').replaceChildren(bar, h('div', { class: 'list' }, data.items.slice().reverse().map((r) => h('div', { class: 'row' },
    h('span', { class: 'sev sev-info' }, r.format), h('b', {}, r.kind), h('span', { class: 'grow muted' }, r.id), h('span', { class: 'muted' }, when(r.created)),
    h('a', { href: '#', onclick: (e) => { e.preventDefault(); download(r); } }, 'Download')))));
}
async function download(r) {
  const res = await fetch(r.href, { headers: { Authorization: 'Bearer ' + token() } });
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: r.id });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---------- live updates: SSE read with fetch, so that the token goes in a header ----------
let refreshTimer = null;
function refreshSoon() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(async () => { refreshTimer = null; await refresh().catch(() => {}); }, 400);
}
function live(on, text) {
  $('live').className = 'live ' + (on ? 'on' : 'off');
  $('live').lastChild.textContent = text;
}
async function stream() {
  for (;;) {
    try {
      const headers = { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' };
      if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
      const res = await fetch('/api/v1/events', { headers });
      if (res.status === 401) { live(false, 'no token'); return; }
      if (!res.ok) throw new Error(res.statusText);
      live(true, 'live');
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i); buf = buf.slice(i + 2);
          for (const line of block.split('\n')) if (line.startsWith('id: ')) state.lastEventId = line.slice(4);
          if (block.includes('data: ')) refreshSoon();
        }
      }
    } catch (e) { /* reconnect below */ }
    live(false, 'reconnecting');
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// ---------- views ----------
async function refresh() {
  await loadCounts();
  if (state.view === 'tasks') await loadTasks(false);
  else if (state.view === 'runs') await loadRuns();
  else if (state.view === 'agents') await loadAgents();
  else if (state.view === 'alerts') await loadAlerts();
  else if (state.view === 'reports') await loadReports();
}
function route() {
  const [, view = 'tasks', arg] = location.hash.split('/');
  state.view = ['tasks', 'runs', 'agents', 'alerts', 'reports'].includes(view) ? view : 'tasks';
  if (state.view === 'runs') state.run = arg ? decodeURIComponent(arg) : state.run;
  for (const a of $('tabs').children) a.classList.toggle('active', a.dataset.view === state.view);
  for (const v of document.querySelectorAll('.view')) v.classList.toggle('hidden', v.id !== 'view-' + state.view);
  refresh().catch(() => {});
}
window.addEventListener('hashchange', route);

let streaming = false;
async function start() {
  if (!token()) { askToken(); return; }
  try {
    const me = await api('/api/v1/whoami');
    $('who').textContent = `${me.name} · ${me.roles.join(', ')}`;
  } catch (e) { return; }
  route();
  loadAlerts().catch(() => {});
  if (!streaming) {
    streaming = true;
    stream();
    setInterval(() => loadAlerts().catch(() => {}), 5000); // alerts change without task events
  }
}
start();
