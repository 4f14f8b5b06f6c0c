// The code area: the diff (split or unified) and whole files, with findings inline.
import { addFinding, closeForm, openFile, removeFinding } from './actions.js';
import { $, el } from './dom.js';
import { S, findingsAt, scoreClass, scoreLabel, scoreLines } from './state.js';

export function findingCard(f, columns) {
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

export function lineCell(file, line, extra = '') {
  if (!line) return el('td', { class: `ln ${extra}` });
  const selected = S.selection && S.selection.file === file &&
    line >= S.selection.start && line <= S.selection.end;
  const current = S.cursor && S.cursor.file === file && S.cursor.line === line;
  return el('td', {
    class: `ln clickable ${extra} ${selected ? 'sel' : ''} ${current ? 'cur' : ''}`,
    'data-file': file, 'data-line': line, title: `add a finding on ${file}:${line}`,
  }, line);
}

export function codeCell(html, kind) {
  return el('td', { class: `code hl ${kind}`, html: html || '&#8203;' });
}

export function afterRow(body, file, line, columns) {
  for (const f of findingsAt(file, line)) body.append(findingCard(f, columns));
  if (S.form && S.form.file === file && S.form.anchor === line) body.append(findingForm(columns));
}

// Fixed table layout takes column widths from here, not from the first (full-width) row.
export function colgroup(kinds) {
  return el('colgroup', {}, kinds.map((kind) => el('col', { class: `col-${kind}` })));
}

export function diffTable(diff, clickable = true) {
  // Only lines of the pull request's head take findings; a patch view is read-only.
  const newCell = (n, extra = '') => (clickable ? lineCell(diff.path, n, extra)
    : el('td', { class: `ln ${extra}` }, n || ''));
  // A new file has no old side to face: it is shown unified.
  const split = S.layout === 'split' && diff.status !== 'added';
  const columns = split ? 4 : 3;
  const marks = clickable ? scoreLines(diff.path) : new Map();
  const table = el('table', { class: `diff ${split ? 'split' : 'unified'}` },
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

export function fileTable(path) {
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

export function renderCode() {
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

export function scrollToLine(file, line) {
  const cell = $(`#code td.ln[data-file="${CSS.escape(file)}"][data-line="${line}"]`);
  if (cell) cell.scrollIntoView({ block: 'center' });
}

export function findingForm(columns) {
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

export function paintSelection() {
  for (const cell of document.querySelectorAll('#code td.ln.clickable')) {
    const n = Number(cell.dataset.line);
    const on = S.selection && cell.dataset.file === S.selection.file &&
      n >= S.selection.start && n <= S.selection.end;
    cell.classList.toggle('sel', Boolean(on));
  }
}
