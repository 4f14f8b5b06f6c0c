// The side panels and the header: status, log, banner, task picker, file tree, findings.
import { openFile, removeFinding } from './actions.js';
import { $, el, fmt } from './dom.js';
import { S, scoreClass, scoreLabel } from './state.js';

export function banner(text, kind = 'info') {
  const box = $('#banner');
  box.textContent = text;
  box.className = kind;
  box.hidden = !text;
}

export function log(title, text, kind = '') {
  const stamp = new Date().toLocaleTimeString();
  const entry = el('div', { class: `entry ${kind}` },
    el('div', { class: 'entry-head' }, `${stamp} · ${title}`),
    text ? el('pre', {}, text) : null);
  const box = $('#log');
  box.append(entry);
  box.scrollTop = box.scrollHeight;
}

export function setBusy(busy, what = '') {
  S.busy = busy;
  document.body.classList.toggle('busy', busy);
  for (const id of ['run-tests', 'run-static', 'hint', 'submit', 'propose', 'start']) {
    const button = document.getElementById(id);
    if (button) button.disabled = busy || (id !== 'start' && (S.done || !S.obs));
  }
  if (busy) $('#status').textContent = what;
  else renderStatus();
}

export function renderStatus() {
  const obs = S.obs;
  if (!obs) { $('#status').textContent = 'not started'; return; }
  $('#status').textContent = S.done
    ? `episode over · score ${fmt(obs.score && obs.score.total)}`
    : `${obs.steps_remaining} of ${obs.step_budget} steps left · hints used ${obs.hints_used}`;
}

export function renderCatalog() {
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

export function renderPR() {
  const obs = S.obs;
  $('#pr-title').textContent = obs.pr_title;
  $('#pr-meta').textContent =
    `${obs.task_id} · ${obs.difficulty} · ${obs.files.filter((f) => f.changed).length} changed ` +
    `file(s) · budget ${obs.step_budget} steps`;
  $('#pr-desc').textContent = obs.pr_description;
}

export function renderTree() {
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

export function renderFindings() {
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
