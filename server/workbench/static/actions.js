// What the person does: each action is one step of the episode over the session.
import { renderCode, scrollToLine } from './code.js';
import { $, el } from './dom.js';
import {
  banner,
  log,
  renderFindings,
  renderPR,
  renderStatus,
  renderTree,
  setBusy,
} from './panels.js';
import { renderScore } from './score.js';
import { Session } from './session.js';
import { S } from './state.js';

export const session = new Session(() => {
  if (S.obs && !S.done) banner('The connection to the server closed (idle for too long?). ' +
    'Start the review again.', 'error');
  setBusy(false);
});

export async function step(action, label) {
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

export function applyObservation(data) {
  S.obs = data.observation;
  S.done = Boolean(data.done);
  renderFindings();
  renderStatus();
  if (S.done && S.obs.score) renderScore(S.obs.score);
  renderCode();
}

export async function getJSON(url, body) {
  const response = await fetch(url, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function start() {
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
    const data = await session.request('reset', reset, { fresh: true });
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

export function openFile(path, line) {
  S.view = { kind: 'file', path };
  if (line) S.cursor = { file: path, line };
  renderTree();
  renderCode();
  if (line) scrollToLine(path, line);
}

export function showChanges() {
  S.view = { kind: 'changes', path: null };
  renderTree();
  renderCode();
}

export function openForm(file, start, end) {
  if (S.done) { banner('The episode is over: findings can no longer change.', 'error'); return; }
  S.form = { file, start, end, anchor: end, focus: true }; // the form stays under `anchor`
  S.selection = { file, start, end };
  renderCode();
}

export function closeForm() {
  S.form = null;
  S.selection = null;
  renderCode();
}

export async function addFinding(node) {
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

export async function removeFinding(id) {
  await step({ action_type: 'remove_finding', finding_id: id }, `remove finding #${id}`);
}

export function editPath() {
  if (S.view.kind === 'file') return S.view.path;
  if (S.cursor) return S.cursor.file;
  return S.diffs.length ? S.diffs[0].path : null;
}

export function openEditor() {
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

export function closeEditor() {
  $('#editor').hidden = true;
}

export async function proposePatch() {
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

export async function search(event) {
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

export async function submitReview(event) {
  event.preventDefault();
  const decision = document.querySelector('input[name=decision]:checked').value;
  const summary = $('#summary').value.trim();
  const action = { action_type: 'submit', decision };
  if (summary) action.summary = summary;
  await step(action, `submit: ${decision}`);
}
