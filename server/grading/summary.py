"""The score as one short text, for the submit's tool output (and anyone printing a breakdown).

It shows how the total is composed, and says why a right decision can earn 0: on a buggy pull
request the decision part is multiplied by max(findings, patch) (rubric.py's DecisionRubric,
docs/grading.md), so `decision 0.00` beside a right decision is the gating, not a wrong answer.
"""

from __future__ import annotations

from ...models import ScoreBreakdown


def score_summary(score: ScoreBreakdown) -> str:
    terms = " + ".join(f"{score.weights.get(name, 0.0):.2f} x {name} {value:.2f}"
                       for name, value in score.parts.items())
    hints = f" - hints {score.hint_penalty:.2f}" if score.hint_penalty else ""
    lines = [f"score {score.total:.3f} = {terms}{hints}"]
    verdict = "right" if score.decision_correct else "wrong"
    decision = score.decision or "(none)"
    if score.kind == "buggy":
        findings, patch = score.parts.get("findings", 0.0), score.parts.get("patch", 0.0)
        gate = max(findings, patch)
        lines.append(
            f"decision {decision} is {verdict}; on a buggy PR the decision part is gated: "
            f"{float(score.decision_correct):.0f} x max(findings {findings:.2f}, patch "
            f"{patch:.2f}) = {score.parts.get('decision', 0.0):.2f}"
            + (" (a right decision earns only what the findings or the patch justify)"
               if score.decision_correct and gate < 1.0 else ""))
    else:
        lines.append(f"decision {decision} is {verdict} (clean PR: approve)")
    return "\n".join(lines)
