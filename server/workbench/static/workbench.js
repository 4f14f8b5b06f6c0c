// The review workbench: one WebSocket session (one environment) per tab, on OpenEnv's /ws.
'use strict';

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'html') node.innerHTML = value; // only Pygments' escaped output
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

const fmt = (x) => (typeof x === 'number' ? x.toFixed(3) : '–');

// ------------------------------------------------------------------ the WebSocket session
class Session {
  constructor(onClose) {
    this.ws = null;
    this.pending = null;
    this.chain = Promise.resolve();
    this.onClose = onClose;
  }

  open() {
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) return this.ready;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws`);
    this.ws = ws;
    this.ready = new Promise((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error('cannot reach the server'));
    });
    ws.onmessage = (event) => {
      const waiting = this.pending;
      this.pending = null;
      if (waiting) waiting.resolve(JSON.parse(event.data));
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.pending) this.pending.reject(new Error('the connection to the server closed'));
      this.pending = null;
      this.onClose();
    };
    return this.ready;
  }

  // One request at a time: OpenEnv answers each message with exactly one message.
  request(type, data) {
    const run = async () => {
      await this.open();
      const answer = new Promise((resolve, reject) => { this.pending = { resolve, reject }; });
      this.ws.send(JSON.stringify({ type, data }));
      const message = await answer;
      if (message.type === 'error') throw new ServerError(message.data || {});
      return message.data;
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => {});
    return result;
  }
}

class ServerError extends Error {
  constructor(data) {
    const details = (data.errors || []).map((e) => {
      const where = (e.loc || []).join('.');
      return where ? `${where}: ${e.msg}` : e.msg;
    });
    super([data.message || 'server error', ...details].join(' — '));
    this.code = data.code;
  }
}

// ------------------------------------------------------------------ page state
const S = {
  catalog: null,
  obs: null,
  files: new Map(), // path -> {text, lines, changed, current, patched}
  diffs: [],
  view: { kind: 'changes', path: null },
  layout: 'split',
  cursor: null, // {file, line}
  selection: null, // {file, start, end}
  form: null, // {file, start, end}
  done: false,
  busy: false,
  hunk: -1,
};

const session = new Session(() => {
  if (S.obs && !S.done) banner('The connection to the server closed (idle for too long?). ' +
    'Start the review again.', 'error');
  setBusy(false);
});

function banner(text, kind = 'info') {
  const box = $('#banner');
  box.textContent = text;
  box.className = kind;
  box.hidden = !text;
}

function log(title, text, kind = '') {
  const stamp = new Date().toLocaleTimeString();
  const entry = el('div', { class: `entry ${kind}` },
    el('div', { class: 'entry-head' }, `${stamp} · ${title}`),
    text ? el('pre', {}, text) : null);
  const box = $('#log');
  box.append(entry);
  box.scrollTop = box.scrollHeight;
}

function setBusy(busy, what = '') {
  S.busy = busy;
  document.body.classList.toggle('busy', busy);
  for (const id of ['run-tests', 'run-static', 'hint', 'submit', 'propose', 'start']) {
    const button = document.getElementById(id);
    if (button) button.disabled = busy || (id !== 'start' && (S.done || !S.obs));
  }
  if (busy) $('#status').textContent = what;
  else renderStatus();
}

function renderStatus() {
  const obs = S.obs;
  if (!obs) { $('#status').textContent = 'not started'; return; }
  $('#status').textContent = S.done
    ? `episode over · score ${fmt(obs.score && obs.score.total)}`
    : `${obs.steps_remaining} of ${obs.step_budget} steps left · hints used ${obs.hints_used}`;
}

// ------------------------------------------------------------------ talking to the server
async function step(action, label) {
  if (!S.obs) { banner('Start a review first.', 'error'); return null; }
  if (S.done) { banner('The episode is over: start a new review.', 'error'); return null; }
  setBusy(true, `${label}…`);
  try {
    const data = await session.request('step', action);
    applyObservation(data);
    const obs = S.obs;
    if (obs.last_action_error) {
      log(label, obs.last_action_error, 'error');
      banner(obs.last_action_error, 'error');
    } else {
      log(label, obs.tool_output);
      banner('');
    }
    return obs;
  } catch (err) {
    log(label, err.message, 'error');
    banner(err.message, 'error');
    return null;
  } finally {
    setBusy(false);
  }
}

function applyObservation(data) {
  S.obs = data.observation;
  S.done = Boolean(data.done);
  renderFindings();
  renderStatus();
  if (S.done && S.obs.score) renderScore(S.obs.score);
  renderCode();
}

async function getJSON(url, body) {
  const response = await fetch(url, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function start() {
  const choice = $('#task-picker').value;
  if (!choice) return;
  const [split, index] = choice.split(':');
  const reset = split === S.catalog.generated_split
    ? { split, index: Number($('#gen-seed').value || 0) }
    : { split, index: Number(index) };
  if (!Number.isInteger(reset.index) || reset.index < 0) {
    banner('The seed must be a whole number, 0 or more.', 'error');
    return;
  }
  setBusy(true, 'starting…');
  banner('');
  try {
    const data = await session.request('reset', reset);
    const obs = data.observation;
    const view = await getJSON(`/review/api/task/${encodeURIComponent(obs.task_id)}`);
    S.files = new Map(view.files.map((f) => [f.path, { ...f, original: f.text, current: f.text, patched: false }]));
    S.diffs = view.diffs;
    S.view = { kind: 'changes', path: null };
    S.cursor = null; S.selection = null; S.form = null; S.hunk = -1;
    $('#score').hidden = true;
    $('#search-hits').replaceChildren();
    closeEditor();
    S.obs = obs;
    S.done = false;
    renderPR();
    renderTree();
    applyObservation(data);
    log(`started ${obs.task_id}`, obs.tool_output);
  } catch (err) {
    banner(`Could not start: ${err.message}`, 'error');
    log('start', err.message, 'error');
  } finally {
    setBusy(false);
  }
}

// ------------------------------------------------------------------ rendering
function renderCatalog() {
  const picker = $('#task-picker');
  for (const [split, tasks] of Object.entries(S.catalog.splits)) {
    const group = el('optgroup', { label: `${split} (${tasks.length})` });
    for (const t of tasks) {
      group.append(el('option', { value: `${split}:${t.index}` },
        `${t.id} · ${t.difficulty} · ${t.title}`));
    }
    picker.append(group);
  }
  const generated = S.catalog.generated_split;
  picker.append(el('optgroup', { label: `${generated} (seeded)` },
    el('option', { value: `${generated}:0` }, 'generated task from the seed →')));
  const syncSeed = () => { $('#seed-box').hidden = !picker.value.startsWith(`${generated}:`); };
  picker.addEventListener('change', syncSeed);
  syncSeed();
}

function renderPR() {
  const obs = S.obs;
  $('#pr-title').textContent = obs.pr_title;
  $('#pr-meta').textContent =
    `${obs.task_id} · ${obs.difficulty} · ${obs.files.filter((f) => f.changed).length} changed ` +
    `file(s) · budget ${obs.step_budget} steps`;
  $('#pr-desc').textContent = obs.pr_description;
}

function renderTree() {
  const tree = $('#file-tree');
  tree.replaceChildren();
  const stats = new Map(S.diffs.map((d) => [d.path, d]));
  for (const f of S.obs.files) {
    const d = stats.get(f.path);
    const local = S.files.get(f.path);
    tree.append(el('li', {
      class: [f.changed ? 'changed' : '', S.view.path === f.path ? 'current' : '',
        local && local.patched ? 'patched' : ''].join(' '),
      'data-path': f.path,
      title: f.changed ? 'changed by the pull request' : '',
      onclick: () => openFile(f.path),
    }, f.changed ? el('span', { class: 'mark' }, '●') : el('span', { class: 'mark' }, ''),
    f.path,
    d ? el('span', { class: 'stat' }, el('ins', {}, `+${d.added}`), el('del', {}, `−${d.removed}`)) : null,
    local && local.patched ? el('span', { class: 'badge' }, 'patched') : null));
  }
}

function openFile(path, line) {
  S.view = { kind: 'file', path };
  if (line) S.cursor = { file: path, line };
  renderTree();
  renderCode();
  if (line) scrollToLine(path, line);
}

function showChanges() {
  S.view = { kind: 'changes', path: null };
  renderTree();
  renderCode();
}

function findingsAt(file, line) {
  if (!S.obs) return [];
  return S.obs.findings.filter((f) => f.file === file && (f.end_line || f.line) === line);
}

function scoreClass(id) {
  const score = S.done && S.obs.score;
  if (!score) return '';
  if (score.matched.some((m) => m.finding_id === id)) return 'matched';
  if (score.proven_unlisted_ids.includes(id)) return 'proven';
  if (score.false_positive_ids.includes(id)) return 'false-positive';
  return '';
}

function scoreLabel(id) {
  const kind = scoreClass(id);
  const score = S.done && S.obs.score;
  if (kind === 'matched') {
    const m = score.matched.find((x) => x.finding_id === id);
    return `matched issue ${m.issue_index} · credit ${fmt(m.credit)} · ${m.evidence}`;
  }
  return { proven: 'not listed, but proven by its witness', 'false-positive': 'false positive' }[kind] || '';
}

function findingCard(f, columns) {
  const kind = scoreClass(f.id);
  const span = f.end_line && f.end_line !== f.line ? `lines ${f.line}–${f.end_line}` : `line ${f.line}`;
  return el('tr', { class: `finding-row ${kind}`, 'data-finding': f.id },
    el('td', { colspan: columns },
      el('div', { class: 'card' },
        el('div', { class: 'card-head' },
          el('b', {}, `#${f.id} ${f.title}`),
          el('span', { class: `pill ${f.severity}` }, f.severity),
          el('span', { class: 'pill' }, f.category),
          el('span', { class: 'muted' }, span),
          kind ? el('span', { class: `verdict ${kind}` }, scoreLabel(f.id)) : null,
          S.done ? null : el('button', { class: 'link', onclick: () => removeFinding(f.id) }, 'remove')),
        f.rationale ? el('div', { class: 'rationale' }, f.rationale) : null,
        f.witness_test ? el('pre', { class: 'witness' }, f.witness_test) : null)));
}

function lineCell(file, line, extra = '') {
  if (!line) return el('td', { class: `ln ${extra}` });
  const selected = S.selection && S.selection.file === file &&
    line >= S.selection.start && line <= S.selection.end;
  const current = S.cursor && S.cursor.file === file && S.cursor.line === line;
  return el('td', {
    class: `ln clickable ${extra} ${selected ? 'sel' : ''} ${current ? 'cur' : ''}`,
    'data-file': file, 'data-line': line, title: `add a finding on ${file}:${line}`,
  }, line);
}

function codeCell(html, kind) {
  return el('td', { class: `code hl ${kind}`, html: html || '&#8203;' });
}

function scoreLines(file) {
  // Lines of matched findings and of false positives, to colour the rows after submit.
  const marks = new Map();
  if (!S.done || !S.obs.score) return marks;
  for (const f of S.obs.findings) {
    if (f.file !== file) continue;
    const kind = scoreClass(f.id);
    if (!kind) continue;
    for (let n = f.line; n <= (f.end_line || f.line); n += 1) marks.set(n, kind);
  }
  return marks;
}

function afterRow(body, file, line, columns) {
  for (const f of findingsAt(file, line)) body.append(findingCard(f, columns));
  if (S.form && S.form.file === file && S.form.anchor === line) body.append(findingForm(columns));
}

// Fixed table layout takes column widths from here, not from the first (full-width) row.
function colgroup(kinds) {
  return el('colgroup', {}, kinds.map((kind) => el('col', { class: `col-${kind}` })));
}

function diffTable(diff, clickable = true) {
  // Only lines of the pull request's head take findings; a patch view is read-only.
  const newCell = (n, extra = '') => (clickable ? lineCell(diff.path, n, extra)
    : el('td', { class: `ln ${extra}` }, n || ''));
  const split = S.layout === 'split';
  const columns = split ? 4 : 3;
  const marks = clickable ? scoreLines(diff.path) : new Map();
  const table = el('table', { class: `diff ${S.layout}` },
    colgroup(split ? ['ln', 'code', 'ln', 'code'] : ['ln', 'ln', 'code']));
  const body = el('tbody');
  table.append(body);
  diff.hunks.forEach((hunk) => {
    body.append(el('tr', { class: 'hunk-header', 'data-file': diff.path },
      el('td', { colspan: columns }, hunk.header)));
    if (!split) {
      for (const row of hunk.rows) {
        const mark = row.n ? marks.get(row.n) || '' : '';
        body.append(el('tr', { class: `row ${row.t} ${mark}` },
          el('td', { class: 'ln old' }, row.o || ''),
          newCell(row.n),
          codeCell(row.h, row.t)));
        if (row.n && clickable) afterRow(body, diff.path, row.n, columns);
      }
      return;
    }
    // Side by side: a run of deletions faces the run of additions that follows it.
    const rows = hunk.rows;
    let i = 0;
    while (i < rows.length) {
      if (rows[i].t === 'ctx') {
        const row = rows[i];
        body.append(el('tr', { class: `row ctx ${marks.get(row.n) || ''}` },
          el('td', { class: 'ln old' }, row.o), codeCell(row.h, 'ctx'),
          newCell(row.n), codeCell(row.h, 'ctx')));
        if (clickable) afterRow(body, diff.path, row.n, columns);
        i += 1;
        continue;
      }
      const dels = []; const adds = [];
      while (i < rows.length && rows[i].t === 'del') dels.push(rows[i++]);
      while (i < rows.length && rows[i].t === 'add') adds.push(rows[i++]);
      for (let k = 0; k < Math.max(dels.length, adds.length); k += 1) {
        const d = dels[k]; const a = adds[k];
        body.append(el('tr', { class: `row pair ${a ? marks.get(a.n) || '' : ''}` },
          el('td', { class: `ln old ${d ? 'del' : 'empty'}` }, d ? d.o : ''),
          d ? codeCell(d.h, 'del') : el('td', { class: 'code empty' }),
          a ? newCell(a.n, 'add') : el('td', { class: 'ln empty' }),
          a ? codeCell(a.h, 'add') : el('td', { class: 'code empty' })));
        if (a && clickable) afterRow(body, diff.path, a.n, columns);
      }
    }
  });
  return table;
}

function fileTable(path) {
  const file = S.files.get(path);
  const marks = scoreLines(path);
  const changed = new Set();
  const diff = S.diffs.find((d) => d.path === path);
  if (diff) for (const h of diff.hunks) for (const r of h.rows) if (r.t === 'add') changed.add(r.n);
  const body = el('tbody');
  file.lines.forEach((html, i) => {
    const n = i + 1;
    body.append(el('tr', { class: `row ${changed.has(n) ? 'add' : 'ctx'} ${marks.get(n) || ''}` },
      lineCell(path, n), codeCell(html, changed.has(n) ? 'add' : 'ctx')));
    afterRow(body, path, n, 2);
  });
  return el('table', { class: 'diff file' }, colgroup(['ln', 'code']), body);
}

function renderCode() {
  const box = $('#code');
  const scroll = box.scrollTop;
  box.replaceChildren();
  $('#view-changes').classList.toggle('active', S.view.kind === 'changes');
  if (!S.obs) return;
  if (S.view.kind === 'file') {
    const file = S.files.get(S.view.path);
    $('#file-label').textContent = `${S.view.path} (as in the pull request)`;
    if (file.patched) {
      box.append(el('div', { class: 'file-head patch-head' },
        el('span', {}, `Your patch to ${S.view.path} (what the workspace holds now)`)));
      box.append(diffTable(file.patchView, false));
      box.append(el('div', { class: 'file-head' },
        el('span', {}, `${S.view.path} as in the pull request: findings point at these lines`)));
    }
    box.append(fileTable(S.view.path));
  } else {
    $('#file-label').textContent = '';
    for (const diff of S.diffs) {
      box.append(el('div', { class: 'file-head' },
        el('span', {}, diff.path),
        el('span', { class: 'stat' }, diff.status === 'added' ? 'new file · ' : '',
          el('ins', {}, `+${diff.added}`), ' ', el('del', {}, `−${diff.removed}`)),
        el('button', { class: 'link', onclick: () => openFile(diff.path) }, 'view whole file')));
      box.append(diffTable(diff));
    }
  }
  box.scrollTop = scroll;
  const input = box.querySelector('.finding-form input[name=title]');
  if (input && S.form && S.form.focus) { input.focus(); S.form.focus = false; }
}

function scrollToLine(file, line) {
  const cell = $(`#code td.ln[data-file="${CSS.escape(file)}"][data-line="${line}"]`);
  if (cell) cell.scrollIntoView({ block: 'center' });
}

// ------------------------------------------------------------------ findings
function findingForm(columns) {
  const form = S.form;
  const options = (values, chosen) => values.map((v) => el('option', { value: v, selected: v === chosen }, v));
  const node = el('form', { class: 'finding-form', onsubmit: (e) => { e.preventDefault(); addFinding(node); } },
    el('div', { class: 'form-grid' },
      el('label', {}, 'File', el('input', { name: 'file', value: form.file, readonly: true })),
      el('label', {}, 'Line', el('input', { name: 'line', type: 'number', value: form.start })),
      el('label', {}, 'End line', el('input', { name: 'end_line', type: 'number', value: form.end })),
      el('label', {}, 'Category', el('select', { name: 'category' }, options(S.catalog.categories, 'bug'))),
      el('label', {}, 'Severity', el('select', { name: 'severity' }, options(S.catalog.severities, 'major')))),
    el('input', { name: 'title', placeholder: 'Title: what is wrong, in one line', required: true, maxlength: 200 }),
    el('textarea', { name: 'rationale', rows: 3, placeholder: 'Rationale: why it is a problem' }),
    el('details', {}, el('summary', {}, 'Witness test (optional): a test that fails on this code'),
      el('textarea', { name: 'witness_test', rows: 6, spellcheck: 'false',
        placeholder: 'def test_it():\n    from shop.module import f\n    assert f(...) == ...' })),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'primary' }, 'Add finding'),
      el('button', { type: 'button', onclick: closeForm }, 'Cancel'),
      el('span', { class: 'form-error error', role: 'alert' }, form.error || '')));
  return el('tr', { class: 'form-row' }, el('td', { colspan: columns }, node));
}

function openForm(file, start, end) {
  if (S.done) { banner('The episode is over: findings can no longer change.', 'error'); return; }
  S.form = { file, start, end, anchor: end, focus: true }; // the form stays under `anchor`
  S.selection = { file, start, end };
  renderCode();
}

function closeForm() {
  S.form = null;
  S.selection = null;
  renderCode();
}

async function addFinding(node) {
  const data = new FormData(node);
  const line = Number(data.get('line'));
  const endLine = Number(data.get('end_line') || line);
  const finding = {
    file: data.get('file'), line, end_line: endLine === line ? null : endLine,
    category: data.get('category'), severity: data.get('severity'),
    title: String(data.get('title')).trim(), rationale: String(data.get('rationale') || ''),
  };
  const witness = String(data.get('witness_test') || '').trim();
  if (witness) finding.witness_test = `${witness}\n`;
  if (finding.end_line === null) delete finding.end_line;
  const obs = await step({ action_type: 'add_finding', finding }, `add finding on ${finding.file}:${line}`);
  if (obs && !obs.last_action_error) {
    S.form = null; S.selection = null;
    renderCode();
  } else if (S.form) {
    // Keep what was typed; say what was wrong next to the form.
    S.form.error = (obs && obs.last_action_error) || $('#banner').textContent;
    const kept = { title: finding.title, rationale: finding.rationale, witness };
    S.form.start = line; S.form.end = Math.max(line, endLine);
    renderCode();
    const again = $('.finding-form');
    if (again) {
      again.title.value = kept.title; again.rationale.value = kept.rationale;
      again.witness_test.value = kept.witness;
      again.category.value = finding.category; again.severity.value = finding.severity;
    }
  }
}

async function removeFinding(id) {
  await step({ action_type: 'remove_finding', finding_id: id }, `remove finding #${id}`);
}

function renderFindings() {
  const list = $('#findings');
  list.replaceChildren();
  const findings = S.obs ? S.obs.findings : [];
  $('#finding-count').textContent = findings.length ? `(${findings.length})` : '';
  for (const f of findings) {
    const kind = scoreClass(f.id);
    list.append(el('li', { class: kind, 'data-finding': f.id },
      el('a', { href: '#', onclick: (e) => { e.preventDefault(); openFile(f.file, f.line); } },
        `${f.file}:${f.line}${f.end_line && f.end_line !== f.line ? `–${f.end_line}` : ''}`),
      ' ', el('span', { class: `pill ${f.severity}` }, f.severity),
      ' ', el('span', { class: 'pill' }, f.category), ' ', f.title,
      kind ? el('div', { class: `verdict ${kind}` }, scoreLabel(f.id)) : null,
      S.done ? null : el('button', { class: 'link', onclick: () => removeFinding(f.id) }, 'remove')));
  }
}

// Click a line number; shift-click or drag extends the range.
let drag = null;
function lineTarget(event) {
  const cell = event.target.closest('td.ln.clickable');
  return cell ? { file: cell.dataset.file, line: Number(cell.dataset.line) } : null;
}

function onMouseDown(event) {
  const hit = lineTarget(event);
  if (!hit || event.button !== 0) return;
  event.preventDefault();
  if (event.shiftKey && S.cursor && S.cursor.file === hit.file) {
    openForm(hit.file, Math.min(S.cursor.line, hit.line), Math.max(S.cursor.line, hit.line));
    return;
  }
  S.cursor = hit;
  drag = { file: hit.file, from: hit.line, to: hit.line };
  S.selection = { file: hit.file, start: hit.line, end: hit.line };
  paintSelection();
}

function onMouseOver(event) {
  if (!drag) return;
  const hit = lineTarget(event);
  if (!hit || hit.file !== drag.file) return;
  drag.to = hit.line;
  S.selection = { file: drag.file, start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) };
  paintSelection();
}

function onMouseUp() {
  if (!drag) return;
  const { file, from, to } = drag;
  drag = null;
  openForm(file, Math.min(from, to), Math.max(from, to));
}

function paintSelection() {
  for (const cell of document.querySelectorAll('#code td.ln.clickable')) {
    const n = Number(cell.dataset.line);
    const on = S.selection && cell.dataset.file === S.selection.file &&
      n >= S.selection.start && n <= S.selection.end;
    cell.classList.toggle('sel', Boolean(on));
  }
}

// ------------------------------------------------------------------ patch by editing in place
function editPath() {
  if (S.view.kind === 'file') return S.view.path;
  if (S.cursor) return S.cursor.file;
  return S.diffs.length ? S.diffs[0].path : null;
}

function openEditor() {
  if (!S.obs || S.done) return;
  const path = editPath();
  if (!path) return;
  $('#editor').hidden = false;
  $('#editor').dataset.path = path;
  $('#editor-path').textContent = path;
  $('#editor-text').value = S.files.get(path).current;
  $('#editor-error').textContent = '';
  $('#editor-text').focus();
}

function closeEditor() {
  $('#editor').hidden = true;
}

async function proposePatch() {
  const path = $('#editor').dataset.path;
  const file = S.files.get(path);
  const edited = $('#editor-text').value;
  if (edited === file.current) { $('#editor-error').textContent = 'Nothing changed.'; return; }
  let diff; let view;
  setBusy(true, 'computing the patch…');
  try {
    // Sent: the change against what the workspace holds now. Shown: the change against the PR.
    const sent = await getJSON('/review/api/patch', { path, old: file.current, new: edited });
    const shown = file.current === file.original ? sent
      : await getJSON('/review/api/patch', { path, old: file.original, new: edited });
    ({ diff } = sent);
    ({ view } = shown);
  } catch (err) {
    $('#editor-error').textContent = err.message;
    setBusy(false);
    return;
  }
  const obs = await step({ action_type: 'propose_patch', path, diff }, `propose patch to ${path}`);
  if (obs && !obs.last_action_error) {
    file.current = edited;
    file.patched = edited !== file.original;
    file.patchView = view;
    log(`your patch to ${path}`, diff);
    closeEditor();
    renderTree();
    renderCode();
  } else {
    $('#editor-error').textContent = (obs && obs.last_action_error) || $('#banner').textContent;
  }
}

// ------------------------------------------------------------------ search, tests, hints, submit
async function search(event) {
  event.preventDefault();
  const pattern = $('#search').value;
  if (!pattern) return;
  const obs = await step({ action_type: 'search', pattern }, `search ${pattern}`);
  const hits = $('#search-hits');
  hits.replaceChildren();
  if (!obs || obs.last_action_error) return;
  for (const line of obs.tool_output.split('\n')) {
    const m = /^(.+?):(\d+): (.*)$/.exec(line);
    if (m && S.files.has(m[1])) {
      hits.append(el('li', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); openFile(m[1], Number(m[2])); } },
        `${m[1]}:${m[2]}`), ' ', el('code', {}, m[3])));
    } else if (line) hits.append(el('li', { class: 'muted' }, line));
  }
}

async function submitReview(event) {
  event.preventDefault();
  const decision = document.querySelector('input[name=decision]:checked').value;
  const summary = $('#summary').value.trim();
  const action = { action_type: 'submit', decision };
  if (summary) action.summary = summary;
  await step(action, `submit: ${decision}`);
}

function bar(value) {
  const pct = Math.max(0, Math.min(1, value || 0)) * 100;
  return el('span', { class: 'bar' }, el('span', { style: `width:${pct.toFixed(1)}%` }));
}

function renderScore(score) {
  const box = $('#score');
  box.hidden = false;
  const parts = Object.entries(score.parts).map(([name, value]) => {
    const weight = score.weights[name] || 0;
    return el('tr', { 'data-part': name }, el('td', {}, name), el('td', {}, bar(value)),
      el('td', { class: 'num' }, fmt(value)), el('td', { class: 'num' }, `× ${fmt(weight)}`),
      el('td', { class: 'num' }, `= ${fmt(value * weight)}`));
  });
  const patch = score.patch;
  box.replaceChildren(
    el('h2', {}, 'Score'),
    el('div', { class: 'total' }, el('span', { id: 'score-total' }, fmt(score.total)),
      el('span', { class: 'muted' }, ` ${score.kind} PR · reward v${score.reward_version}`)),
    el('table', { class: 'parts' },
      el('tr', {}, el('th', {}, 'part'), el('th', {}, ''), el('th', {}, 'score'), el('th', {}, 'weight'), el('th', {}, 'counts')),
      parts,
      el('tr', {}, el('td', {}, 'hints'), el('td', {}), el('td', {}), el('td', {}), el('td', { class: 'num' }, `− ${fmt(score.hint_penalty)}`))),
    el('dl', { class: 'facts' },
      el('dt', {}, 'decision'), el('dd', { class: score.decision_correct ? 'good' : 'bad' },
        `${score.decision || 'none'} · ${score.decision_correct ? 'correct' : 'wrong'}`,
        score.kind === 'buggy' && score.decision_correct
          ? el('div', { class: 'muted' }, 'on a buggy PR the decision part counts only as far as ' +
            'the findings or the patch justify it (× their best score)') : null),
      el('dt', {}, 'precision / recall'), el('dd', {}, `${fmt(score.precision)} / ${fmt(score.recall)}`),
      el('dt', {}, 'evidence'), el('dd', {}, fmt(score.evidence)),
      el('dt', {}, 'issues'), el('dd', {}, `${score.matched.length} of ${score.issues_total} found; ` +
        `${score.issues_fixed.length} fixed by the patch`),
      el('dt', {}, 'patch checks'), el('dd', {}, patch && patch.evaluated
        ? `${patch.status} · fail-to-pass ${patch.fail_to_pass_passed}/${patch.fail_to_pass_total} · ` +
          `pass-to-pass ${patch.pass_to_pass_passed}/${patch.pass_to_pass_total}`
        : 'no patch proposed'),
      el('dt', {}, 'findings'), el('dd', {},
        `${score.matched.length} matched · ${score.false_positive_ids.length} false positive(s)` +
        (score.proven_unlisted_ids.length ? ` · ${score.proven_unlisted_ids.length} proven, unlisted` : ''))),
    el('ul', { class: 'matched' }, score.matched.map((m) => el('li', { class: 'matched' },
      `#${m.finding_id} → issue ${m.issue_index} (${m.category}, ${m.severity}): credit ${fmt(m.credit)}, ` +
      `localisation ${fmt(m.localisation)}, ${m.evidence}`))));
}

// ------------------------------------------------------------------ keyboard
function moveHunk(delta) {
  const headers = [...document.querySelectorAll('#code tr.hunk-header')];
  if (!headers.length) return;
  S.hunk = Math.max(0, Math.min(headers.length - 1, S.hunk + delta));
  const header = headers[S.hunk];
  header.scrollIntoView({ block: 'start' });
  for (const h of headers) h.classList.toggle('current', h === header);
  // The cursor goes to the hunk's first changed line of the head.
  let row = header.nextElementSibling;
  let first = null;
  while (row && !row.classList.contains('hunk-header')) {
    const cell = row.querySelector('td.ln.clickable');
    if (cell && !first) first = cell;
    if (cell && (row.classList.contains('add') || cell.classList.contains('add'))) { first = cell; break; }
    row = row.nextElementSibling;
  }
  if (first) moveCursorTo(first.dataset.file, Number(first.dataset.line));
}

function moveCursorTo(file, line) {
  S.cursor = { file, line };
  for (const cell of document.querySelectorAll('#code td.ln.cur')) cell.classList.remove('cur');
  const cell = $(`#code td.ln[data-file="${CSS.escape(file)}"][data-line="${line}"]`);
  if (cell) cell.classList.add('cur');
}

function moveLine(delta) {
  const cells = [...document.querySelectorAll('#code td.ln.clickable')];
  if (!cells.length) return;
  let i = cells.findIndex((c) => S.cursor && c.dataset.file === S.cursor.file && Number(c.dataset.line) === S.cursor.line);
  i = i < 0 ? 0 : Math.max(0, Math.min(cells.length - 1, i + delta));
  moveCursorTo(cells[i].dataset.file, Number(cells[i].dataset.line));
  cells[i].scrollIntoView({ block: 'nearest' });
}

function onKey(event) {
  const typing = event.target.closest('input, textarea, select');
  if (event.key === 'Escape') {
    if (!$('#help').hidden) $('#help').hidden = true;
    else if (S.form) closeForm();
    else if (!$('#editor').hidden) closeEditor();
    return;
  }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const actions = {
    j: () => moveHunk(1),
    k: () => moveHunk(-1),
    n: () => moveLine(1),
    p: () => moveLine(-1),
    c: () => { if (S.cursor) openForm(S.cursor.file, S.cursor.line, S.cursor.line); else banner('Pick a line first (j, n or a click).', 'error'); },
    e: openEditor,
    t: () => step({ action_type: 'run_tests' }, 'run tests'),
    '/': () => $('#search').focus(),
    '?': () => { $('#help').hidden = !$('#help').hidden; },
  };
  const act = actions[event.key];
  if (act) { event.preventDefault(); act(); }
}

// ------------------------------------------------------------------ wiring
async function main() {
  $('#start').addEventListener('click', start);
  $('#run-tests').addEventListener('click', () => step({ action_type: 'run_tests' }, 'run tests'));
  $('#run-static').addEventListener('click', () => step({ action_type: 'run_static_analysis' }, 'static analysis'));
  $('#hint').addEventListener('click', () => step({ action_type: 'request_hint' }, 'hint'));
  $('#search-form').addEventListener('submit', search);
  $('#submit-form').addEventListener('submit', submitReview);
  $('#view-changes').addEventListener('click', showChanges);
  $('#edit-btn').addEventListener('click', openEditor);
  $('#propose').addEventListener('click', proposePatch);
  $('#cancel-edit').addEventListener('click', closeEditor);
  $('#help-btn').addEventListener('click', () => { $('#help').hidden = false; });
  $('#help-close').addEventListener('click', () => { $('#help').hidden = true; });
  for (const radio of document.querySelectorAll('input[name=layout]')) {
    radio.addEventListener('change', () => { S.layout = radio.value; renderCode(); });
  }
  const code = $('#code');
  code.addEventListener('mousedown', onMouseDown);
  code.addEventListener('mouseover', onMouseOver);
  document.addEventListener('mouseup', onMouseUp);
  document.addEventListener('keydown', onKey);
  try {
    S.catalog = await getJSON('/review/api/catalog');
    renderCatalog();
  } catch (err) {
    banner(`Cannot load the task list: ${err.message}`, 'error');
  }
  setBusy(false);
  document.body.dataset.ready = 'true';
}

main();
