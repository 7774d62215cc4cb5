"""Fixed words of the underlag (headings, column names) in Swedish and English, shared by every format."""

from __future__ import annotations

_LABELS: dict[str, tuple[str, str]] = {
    "underlag": ("Underlag för beslut", "Underlag (decision document)"),
    "process": ("Process", "Process"),
    "step": ("Steg", "Step"),
    "date": ("Datum", "Date"),
    "status_ready": ("Redo för beslut: alla kriterier är uppfyllda.", "Ready for decision: every criterion is met."),
    "status_unmet": ("Inte redo för beslut: {n} kriterier är inte uppfyllda.", "Not ready: {n} criteria are unmet."),
    "answered_of": ("{a} av {t} frågor besvarade", "{a} of {t} questions answered"),
    "contents": ("Underlaget innehåller", "The underlag (decision document) contains"),
    "other_answers": ("Övriga svar", "Other answers"),
    "missing": ("Saknas", "Missing"),
    "nothing_missing": ("Inget saknas – alla kriterier för beslutet är uppfyllda.",
                        "Nothing is missing – every criterion for the decision is met."),
    "decision_to_take": ("Beslut att fatta", "Decision to take"),
    "recorded_decision": ("Fattat beslut", "Recorded decision"),
    "no_decision": ("Inget beslut är registrerat ännu.", "No decision is recorded yet."),
    "sources": ("Källor", "Sources"),
    "passages": ("Avsnitt som visades under steget", "Passages shown during the step"),
    "not_answered": ("Ej besvarad", "Not answered"),
    "skipped": ("Överhoppad", "Skipped"),
    "version": ("version", "version"),
    "by": ("av", "by"),
    "yes": ("ja", "yes"),
    "no": ("nej", "no"),
    "forum": ("Forum", "Forum"),
    "decided_by": ("Beslutsfattare", "Decided by"),
    "decision": ("Beslut", "Decision"),
    "prevention_level": ("Preventionsnivå", "Prevention level"),
    "age_band": ("Åldersgrupp", "Age band"),
    "years": ("år", "years"),
    "intervention": ("Insats", "Intervention"),
    "organisation": ("Förvaltning/aktör", "Administration/actor"),
    "reach": ("Hur många nås", "Reach"),
    "matrix": ("Insatser per preventionsnivå och åldersgrupp", "Interventions by prevention level and age band"),
    "diagram_see": ("Se bild", "See figure"),
    "problem_tree": ("Problemträd", "Problemträd (problem tree)"),
    "effect_logic": ("Effektlogik", "Effektlogik (effect logic)"),
    "consequences": ("Konsekvenser", "Consequences"),
    "causes": ("Orsaker", "Causes"),
    "current_state": ("Nuläge", "Nuläge (current situation)"),
    "goal": ("Mål", "Goal"),
    "link_assumptions": ("Antaganden kring samband", "Assumptions about the links"),
    "measures": ("Indikatorer och datakällor", "Indikatorer (indicators) and data sources"),
    "outcome": ("Utfall", "Utfall (outcome)"),
    "area": ("Område", "Area"),
    "problem": ("Problem", "Problem"),
}


def label(lang: str, key: str, **kw: object) -> str:
    sv, en = _LABELS[key]
    text = en if lang == "en" else sv
    return text.format(**kw) if kw else text


def labels(lang: str) -> dict[str, str]:
    """All fixed words for `lang`, for templates (`L.missing`)."""
    return {key: label(lang, key) for key in _LABELS}

