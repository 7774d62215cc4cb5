"""Förslag till beslut and Sammanfattning, drawn from the answers.

The proposal is the recorded decision as att-clauses when there is one, else a draft the team wrote,
else the gate template's `proposal` clauses filled with the process's own answers, else the guide's
"Beslut fattas om …" turned into one clause. The summary is short labelled paragraphs from the answers
the gate template's `summary` names, about half a page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import coachtext
from bot.underlag.document import Clause, Paragraph, Proposal
from bot.underlag.labels import label
from bot.underlag.model import QuestionView
from flows.answers import GateDecision

VERBS = ("beslutar", "fastställer", "tillsätter", "prioriterar", "godkänner", "uppdrar", "startar", "antar",
         "avsätter", "ger", "ställer", "lägger", "tar")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")
SUMMARY_CHARS = 320  # per answer; the whole summary stays about half a page


def infinitive(verb: str) -> str:
    """Present tense to infinitive for the decision verbs: prioriterar → prioritera, fastställer → fastställa."""
    if verb.endswith("ar"):
        return verb[:-1]
    return verb[:-2] + "a" if verb.endswith("er") else verb


def decision_clauses(text: str, forum: str) -> tuple[Clause, ...]:
    """The recorded decision's text as att-clauses ("Områdesstyrgruppen prioriterar X" → "att prioritera X")."""
    body = " ".join(text.split()).rstrip(".")
    for subject in (forum, forum.split(" ")[0] if forum else ""):
        if subject and body.lower().startswith(subject.lower() + " "):
            body = body[len(subject):].strip()
            break
    verbs = "|".join(VERBS)
    if m := re.match(r"(?:beslutar|föreslår)\s+att\s+(.+)", body, re.IGNORECASE | re.DOTALL):
        body = m.group(1)
    elif m := re.match(rf"({verbs})\s+(.+)", body, re.IGNORECASE | re.DOTALL):
        body = f"{infinitive(m.group(1).lower())} {m.group(2)}"
    else:
        return (Clause(text.strip()),)
    parts = re.split(rf",?\s+och\s+att\s+|;\s*att\s+|,?\s+och\s+(?=(?:{verbs})\s)", body)
    return tuple(Clause(f"att {_infinitive_first(p.strip())}") for p in parts if p.strip())


def _infinitive_first(part: str) -> str:
    first, _, rest = part.partition(" ")
    return f"{infinitive(first)} {rest}".strip() if first.lower() in VERBS else part


def _items(q: QuestionView, part: str) -> tuple[str, ...] | None:
    """What a clause lists from one answer; None when the answer gives nothing to list."""
    if not q.answered:
        return None
    a = q.value
    if part == "none":
        return ()
    if q.type == "text":
        return (a.text.strip(),)
    if q.type == "list":
        return tuple(a.items)
    if q.type == "choice":
        return (a.comment,) if a.comment else None
    if q.type == "problem_tree" and part == "prioritised":
        return tuple(r.cause for r in a.root_causes if r.prioritised) or None
    if q.type == "gap_checklist" and part == "gaps":
        return tuple(g.description for g in a.gaps) or None
    return ()


def proposal(lang: str, decision: GateDecision | None, draft: str | None, specs: list[dict],
             views: Mapping[str, QuestionView], *, forum: str, process: str, guide_sentence: str) -> Proposal:
    if decision is not None:
        return Proposal("decision", label(lang, "proposal_decided", forum=decision.forum,
                                          date=decision.date.isoformat()),
                        decision_clauses(decision.text, decision.forum))
    intro = label(lang, "proposal_intro", forum=forum)
    if draft and draft.strip():
        return Proposal("draft", intro, decision_clauses(draft, forum))
    clauses = []
    for spec in specs:
        q = views.get(spec.get("q", ""))
        items = _items(q, spec.get("part", "all")) if q else ()
        if items is not None:
            clauses.append(Clause(coachtext.t(spec["att"], lang, process=process), items))
    if clauses:
        return Proposal("answers", intro, tuple(clauses))
    return Proposal("guide", intro, (Clause(guide_clause(guide_sentence, lang)),))


def guide_clause(sentence: str, lang: str) -> str:
    """"Beslut fattas om X." → "att besluta om X"."""
    text = sentence.strip().rstrip(".")
    what = re.sub(r"^Beslut fattas om\s+" if lang == "sv" else r"^A decision is taken on\s+", "", text)
    return coachtext.t("underlag.guide_clause", lang, what=what)


def first_sentences(text: str, limit: int = SUMMARY_CHARS) -> str:
    out = ""
    for sentence in _SENTENCE.split(" ".join(text.split())):
        if out and len(out) + len(sentence) + 1 > limit:
            break
        out = f"{out} {sentence}".strip()
    return out if len(out) <= limit + 80 else out[:limit].rsplit(" ", 1)[0] + " …"


def _joined(items: list[str], lang: str) -> str:
    """Items as one sentence part: "; " between them (each may start with a capital, as typed)."""
    return "; ".join(i.rstrip(".") for i in items)


def summary_text(q: QuestionView, lang: str) -> str | None:
    """One answer in a sentence or two."""
    if not q.answered:
        return None
    a = q.value
    if q.type == "text":
        return first_sentences(a.text)
    if q.type == "list":
        return _joined(list(a.items), lang) + "."
    if q.type == "choice":
        return a.comment or q.options.get(a.choice, a.choice)
    if q.type == "problem_tree":
        causes = [r.cause for r in a.root_causes if r.prioritised]
        head = coachtext.t("underlag.summary.main_problem", lang, problem=a.problem.rstrip("."))
        more = coachtext.t("underlag.summary.prioritised", lang, causes=_joined(causes, lang)) if causes else ""
        return head + more
    if q.type == "outcomes":
        n = len(a.outcomes)
        return coachtext.t("underlag.summary.outcomes", lang, n=n, first=a.outcomes[0].text.rstrip("."))
    if q.type == "smart_indicators":
        i = a.indicators[0]
        example = f"{i.name} ({i.baseline or '–'} → {i.target or '–'})"
        return coachtext.t("underlag.summary.indicators", lang, n=len(a.indicators), example=example)
    if q.type == "effect_logic":
        return coachtext.t("underlag.summary.effect_logic", lang, resources=len(a.resources),
                           activities=len(a.activities), goal=a.goal.rstrip("."))
    if q.type == "risk_matrix":
        high = sum(1 for r in a.risks if r.priority == "hög")
        return coachtext.t("underlag.summary.risks", lang, n=len(a.risks), high=high)
    if q.type == "gap_checklist":
        key = "underlag.summary.gaps_more" if len(a.gaps) > 4 else "underlag.summary.gaps"
        return coachtext.t(key, lang, n=len(a.gaps), gaps=_joined([g.description for g in a.gaps[:4]], lang))
    return None


def summary(lang: str, question_ids: list[str], views: Mapping[str, QuestionView],
            status: str) -> tuple[Paragraph, ...]:
    out = []
    for qid in question_ids:
        q = views.get(qid)
        text = summary_text(q, lang) if q else None
        if text:
            out.append(Paragraph(text, lead=q.name or None))
    return (*out, Paragraph(status))
