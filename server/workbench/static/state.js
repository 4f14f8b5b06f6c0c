// The page state, and what the final score says about each finding.

import { fmt } from './dom.js';

export const S = {
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

export function findingsAt(file, line) {
  if (!S.obs) return [];
  return S.obs.findings.filter((f) => f.file === file && (f.end_line || f.line) === line);
}

export function scoreClass(id) {
  const score = S.done && S.obs.score;
  if (!score) return '';
  if (score.matched.some((m) => m.finding_id === id)) return 'matched';
  if (score.proven_unlisted_ids.includes(id)) return 'proven';
  if (score.false_positive_ids.includes(id)) return 'false-positive';
  return '';
}

export function scoreLabel(id) {
  const kind = scoreClass(id);
  const score = S.done && S.obs.score;
  if (kind === 'matched') {
    const m = score.matched.find((x) => x.finding_id === id);
    return `matched issue ${m.issue_index} · credit ${fmt(m.credit)} · ${m.evidence}`;
  }
  return { proven: 'not listed, but proven by its witness', 'false-positive': 'false positive' }[kind] || '';
}

export function scoreLines(file) {
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
