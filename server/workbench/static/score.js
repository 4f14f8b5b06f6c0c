// The score breakdown shown after submit.
import { $, el, fmt } from './dom.js';

export function bar(value) {
  const pct = Math.max(0, Math.min(1, value || 0)) * 100;
  return el('span', { class: 'bar' }, el('span', { style: `width:${pct.toFixed(1)}%` }));
}

export function renderScore(score) {
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
