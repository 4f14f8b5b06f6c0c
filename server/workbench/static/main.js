// The review workbench: wiring, mouse selection of lines, keyboard shortcuts.
import {
  closeEditor,
  closeForm,
  getJSON,
  openEditor,
  openForm,
  proposePatch,
  search,
  showChanges,
  start,
  step,
  submitReview,
} from './actions.js';
import { paintSelection, renderCode } from './code.js';
import { $ } from './dom.js';
import { banner, renderCatalog, setBusy } from './panels.js';
import { S } from './state.js';

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
