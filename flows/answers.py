"""Typed answers: one pydantic model per answer type the guide's templates need.

Field titles are Swedish (the guide's words); `json_schema_extra={"en": …}` carries English.
Validation errors become Swedish messages in `flows.validation`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

import catalogue
from flows.text import LongText, OptionalText, ShortText, YesNo

PreventionLevel = Literal["universell", "selektiv", "indikerad"]
AgeBand = Literal["0-2", "2-6", "6-12", "12-18", "18-24"]
AGE_BANDS: tuple[str, ...] = ("0-2", "2-6", "6-12", "12-18", "18-24")
Horizon = Literal["process", "kort_sikt", "medel_sikt", "lang_sikt"]
Level3 = Literal["låg", "medel", "hög"]
GapCategory = Literal["malgrupp", "kvalitet", "organisation", "insats"]
Rating = Literal["+", "0", "-"]
DEFAULT_PERSPECTIVES: tuple[str, ...] = (
    "Ekonomi", "Personal", "Resultat/effekt/nytta", "Jämställdhet", "Hälsa",
    "Social hållbarhet, integration",
)
EffectLinkKind = Literal["resurser_aktiviteter", "aktiviteter_utfall_kort", "utfall_kort_utfall_lang",
                         "utfall_mal"]
EFFECT_LINK_KINDS: tuple[str, ...] = get_args(EffectLinkKind)
_OPTIONS = {"prevention_level": PreventionLevel, "horizon": Horizon, "gap_category": GapCategory,
            "effect_link": EffectLinkKind}


def option_words(kind: str, lang: str = "sv") -> dict[str, str]:
    """The guide's words for the options of `kind` ("prevention_level", "horizon", "gap_category",
    "effect_link": the catalogue's `answers.<kind>.<option>`), in the order of the type."""
    return {k: catalogue.t(f"answers.{kind}.{k}", lang) for k in get_args(_OPTIONS[kind])}


def effect_links(lang: str = "sv") -> dict[str, str]:
    """link kind → its question («Varför leder resurserna till aktiviteterna?»), in order."""
    return option_words("effect_link", lang)


# The Swedish words, for the modules that show only Swedish
PREVENTION_LEVELS: dict[str, str] = option_words("prevention_level")
HORIZONS: dict[str, str] = option_words("horizon")
GAP_CATEGORIES: dict[str, str] = option_words("gap_category")
EFFECT_LINKS: dict[str, str] = effect_links("sv")  # the Swedish questions, as stored in answers
EffectLevel = Literal["resurser", "aktiviteter", "utfall", "mal"]


def _f(sv: str, en: str, **kw):
    """A field with a Swedish title and an English one in the schema extras."""
    return Field(title=sv, json_schema_extra={"en": en}, **kw)


class AnswerModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def warnings(self, lang: str = "sv") -> list[str]:
        """Things a draft still lacks (stored, but flagged), in `lang`. Empty when complete."""
        return []


class TextAnswer(AnswerModel):
    text: LongText = _f("Svar", "Answer")


class ListAnswer(AnswerModel):
    items: list[ShortText] = _f("Punkter", "Items", min_length=1, max_length=100)


class ChoiceAnswer(AnswerModel):
    choice: ShortText = _f("Val", "Choice")
    comment: OptionalText = _f("Kommentar", "Comment", default=None)


class TreeNode(AnswerModel):
    text: ShortText = _f("Text", "Text")
    under: OptionalText = _f("Ligger under (orsakens/konsekvensens text)", "Under (parent text)",
                             default=None)


class RootCause(AnswerModel):
    cause: ShortText = _f("Rotorsak", "Root cause")
    data_available: YesNo = _f("Data finns", "Data available", default=False)
    municipality_can_influence: YesNo = _f("Kommunen kan påverka", "Municipality can influence",
                                           default=False)
    addressed_today: YesNo = _f("Adresseras idag", "Addressed today", default=False)
    prioritised: YesNo = _f("Prioriterad", "Prioritised", default=False)
    motivation: OptionalText = _f("Motivering", "Motivation", default=None)


class ProblemTree(AnswerModel):
    problem: ShortText = _f("Huvudproblem", "Main problem")
    target_group: OptionalText = _f("Vem påverkas (ålder/kön)", "Who is affected (age/gender)",
                                    default=None)
    location: OptionalText = _f("Var finns problemet", "Where is the problem", default=None)
    consequences: list[TreeNode] = _f("Konsekvenser", "Consequences", default_factory=list,
                                      max_length=100)
    causes: list[TreeNode] = _f("Orsaker", "Causes", default_factory=list, max_length=200)
    root_causes: list[RootCause] = _f("Rotorsaker", "Root causes", default_factory=list,
                                      max_length=100)

    def warnings(self, lang: str = "sv") -> list[str]:
        out = []
        if not self.consequences:
            out.append(catalogue.t("answers.warning.no_consequences", lang))
        if not self.causes:
            out.append(catalogue.t("answers.warning.no_causes", lang))
        if not any(r.prioritised for r in self.root_causes):
            out.append(catalogue.t("answers.warning.no_prioritised_root_cause", lang))
        return out


OUTCOME_CRITERIA = ("addresses_priority_need", "likely_contributes", "within_our_power", "measurable")


class Outcome(AnswerModel):
    text: ShortText = _f("Utfall", "Outcome")
    horizon: Horizon = _f("Tidsperspektiv", "Horizon")
    prevention_level: PreventionLevel = _f("Preventionsnivå", "Prevention level")
    addresses_priority_need: YesNo = _f("Adresserar prioriterade behov", "Addresses prioritised needs",
                                        default=False)
    likely_contributes: YesNo = _f("Hög sannolikhet att på sikt bidra till långsiktigt mål",
                                   "Likely to contribute to the long-term goal", default=False)
    within_our_power: YesNo = _f("Inom vår makt att påverka", "Within our power to influence",
                                 default=False)
    measurable: YesNo = _f("Uppföljningsbart", "Measurable", default=False)
    root_causes: list[ShortText] = _f("Rotorsaker som utfallet adresserar", "Root causes it addresses",
                                      default_factory=list, max_length=20)

    def unmet_criteria(self, lang: str = "sv") -> list[str]:
        return [catalogue.t(f"answers.criterion.{key}", lang) for key in OUTCOME_CRITERIA if not getattr(self, key)]


class OutcomesAnswer(AnswerModel):
    outcomes: list[Outcome] = _f("Utfall", "Outcomes", min_length=1, max_length=50)

    def warnings(self, lang: str = "sv") -> list[str]:
        return [catalogue.t("answers.warning.outcome_unmet", lang, outcome=o.text,
                            unmet=", ".join(o.unmet_criteria(lang)))
                for o in self.outcomes if o.unmet_criteria()]


SMART_PARTS: tuple[str, ...] = ("who_what", "baseline", "change", "by_when", "data_source")


class SmartIndicator(AnswerModel):
    name: ShortText = _f("Indikator", "Indicator")
    who_what: OptionalText = _f("Vem, vilka eller vad ska förflyttas?", "Who or what should move?",
                                default=None)
    baseline: OptionalText = _f("Utgångsläge", "Baseline", default=None)
    target: OptionalText = _f("Mål", "Target", default=None)
    change: OptionalText = _f("Hur stor ska förflyttningen vara?", "How large a change?", default=None)
    by_when: OptionalText = _f("Under vilken tid ska förflyttningen ske?", "By when?", default=None)
    data_source: OptionalText = _f("Datakälla", "Data source", default=None)
    method: OptionalText = _f("Datainsamlingsmetod", "Collection method", default=None)
    follow_up_period: OptionalText = _f("Uppföljningsperiod", "Follow-up period", default=None)
    responsible: OptionalText = _f("Ansvarig", "Responsible", default=None)
    outcome: OptionalText = _f("Kopplat utfall", "Linked outcome", default=None)

    def missing_smart(self, lang: str = "sv") -> list[str]:
        return [catalogue.t(f"answers.smart_part.{key}", lang) for key in SMART_PARTS if not getattr(self, key)]


class IndicatorsAnswer(AnswerModel):
    indicators: list[SmartIndicator] = _f("Indikatorer", "Indicators", min_length=1, max_length=50)

    def warnings(self, lang: str = "sv") -> list[str]:
        return [catalogue.t("answers.warning.indicator_not_smart", lang, indicator=i.name,
                            missing=", ".join(i.missing_smart(lang)))
                for i in self.indicators if i.missing_smart()]


class EffectLink(AnswerModel):
    link: EffectLinkKind = _f("Koppling", "Link")
    assumption: OptionalText = _f("Antagande (varför leder det ena till det andra?)", "Assumption",
                                  default=None)
    threats: OptionalText = _f("Vilka hot finns mot kopplingen?", "Threats to the link", default=None)


class EffectConnection(AnswerModel):
    """One arrow the team states between two named parts of the effect logic (e.g. an activity → an utfall)."""

    source: ShortText = _f("Från (resurs, aktivitet eller utfall)", "From (resource, activity or outcome)")
    target: ShortText = _f("Till (aktivitet, utfall eller mål)", "To (activity, outcome or goal)")
    assumption: OptionalText = _f("Antagande (varför leder det ena till det andra?)", "Assumption",
                                  default=None)


class LevelMeasure(AnswerModel):
    level: EffectLevel = _f("Nivå", "Level")
    indicator: ShortText = _f("Indikator – hur kan det mätas?", "Indicator")
    data_source: OptionalText = _f("Datakälla", "Data source", default=None)


class EffectLogic(AnswerModel):
    need: OptionalText = _f("Nuläge – vilka behov eller problem ska adresseras?", "Current need",
                            default=None)
    goal: ShortText = _f("Mål – vilket är det långsiktiga målet?", "Long-term goal")
    resources: list[ShortText] = _f("Resurser", "Resources", default_factory=list, max_length=50)
    activities: list[ShortText] = _f("Aktiviteter", "Activities", default_factory=list, max_length=50)
    outcomes_organisation: list[ShortText] = _f("Utfall organisation", "Outcomes (organisation)",
                                                default_factory=list, max_length=50)
    outcomes_short: list[ShortText] = _f("Utfall målgrupp kort sikt", "Outcomes short term",
                                         default_factory=list, max_length=50)
    outcomes_medium: list[ShortText] = _f("Utfall målgrupp medellång sikt", "Outcomes medium term",
                                          default_factory=list, max_length=50)
    outcomes_long: list[ShortText] = _f("Utfall målgrupp lång sikt", "Outcomes long term",
                                        default_factory=list, max_length=50)
    links: list[EffectLink] = _f("Antaganden kring samband", "Assumptions about links",
                                 default_factory=list, max_length=20)
    measures: list[LevelMeasure] = _f("Indikatorer och datakällor", "Indicators and data sources",
                                      default_factory=list, max_length=50)
    connections: list[EffectConnection] = _f("Samband mellan enskilda delar (från → till)",
                                             "Links between single items (from → to)",
                                             default_factory=list, max_length=100)

    def items(self) -> list[str]:
        """Every named part of the logic, in column order (the goal last)."""
        return [*self.resources, *self.activities, *self.outcomes_organisation, *self.outcomes_short,
                *self.outcomes_medium, *self.outcomes_long, self.goal]

    def warnings(self, lang: str = "sv") -> list[str]:
        out = []
        for name in ("resources", "activities"):
            if not getattr(self, name):
                out.append(catalogue.t(f"answers.warning.logic_lacks_{name}", lang))
        if not (self.outcomes_short or self.outcomes_medium or self.outcomes_long or self.outcomes_organisation):
            out.append(catalogue.t("answers.warning.logic_lacks_outcomes", lang))
        covered = {link.link for link in self.links if link.assumption}
        for kind, question in effect_links(lang).items():
            if kind not in covered:
                out.append(catalogue.t("answers.assumption_missing", lang, question=question))
        return out


class Intervention(AnswerModel):
    name: ShortText = _f("Insats", "Intervention")
    organisation: OptionalText = _f("Förvaltning/aktör", "Administration or actor", default=None)
    prevention_level: PreventionLevel = _f("Preventionsnivå", "Prevention level")
    age_bands: list[AgeBand] = _f("Åldersgrupper", "Age bands", default_factory=list)
    reach: OptionalText = _f("Hur många nås", "Reach", default=None)
    root_causes: list[ShortText] = _f("Rotorsaker som insatsen adresserar", "Root causes it addresses",
                                      default_factory=list, max_length=20)


class InterventionMapping(AnswerModel):
    interventions: list[Intervention] = _f("Insatser", "Interventions", min_length=1, max_length=200)


class GapCheckAnswer(AnswerModel):
    item: ShortText = _f("Checkfråga", "Check question")
    answer: LongText = _f("Svar", "Answer")


class Gap(AnswerModel):
    category: GapCategory = _f("Typ av gap", "Gap category")
    description: ShortText = _f("Beskrivning", "Description")


class GapChecklist(AnswerModel):
    outcome: ShortText = _f("Utfall", "Outcome")
    area: ShortText = _f("Område", "Area")
    answers: list[GapCheckAnswer] = _f("Svar på checkfrågorna", "Checklist answers", default_factory=list,
                                       max_length=50)
    gaps: list[Gap] = _f("Identifierade gap", "Gaps found", default_factory=list, max_length=100)

    def warnings(self, lang: str = "sv") -> list[str]:
        if self.gaps:
            return []
        return [catalogue.t("answers.warning.no_gaps", lang)]


class Risk(AnswerModel):
    description: ShortText = _f("Riskbeskrivning", "Risk")
    probability: Level3 = _f("Sannolikhet", "Probability")
    impact: ShortText = _f("Påverkan", "Impact")
    priority: Level3 = _f("Prioritet", "Priority")
    action: OptionalText = _f("Åtgärd", "Action", default=None)
    owner: OptionalText = _f("Ansvarig", "Owner", default=None)


class RiskMatrix(AnswerModel):
    risks: list[Risk] = _f("Risker", "Risks", min_length=1, max_length=50)

    def warnings(self, lang: str = "sv") -> list[str]:
        return [catalogue.t("answers.warning.risk_unowned", lang, risk=r.description)
                for r in self.risks if not (r.action and r.owner)]


class ConsequenceRow(AnswerModel):
    action: ShortText = _f("Förslag till åtgärd", "Proposed action")
    term: Literal["kort", "lång"] = _f("Sikt", "Term")
    ratings: dict[str, Rating] = _f("Konsekvens per perspektiv (+ / 0 / −)", "Rating per perspective",
                                    default_factory=dict)
    priority: int | None = _f("Prioritering (1–3)", "Priority (1-3)", default=None, ge=1, le=3)


class ConsequenceAnalysis(AnswerModel):
    problem: OptionalText = _f("Problem", "Problem", default=None)
    perspectives: list[ShortText] = _f("Perspektiv", "Perspectives",
                                       default_factory=lambda: list(DEFAULT_PERSPECTIVES), min_length=1,
                                       max_length=12)
    rows: list[ConsequenceRow] = _f("Åtgärder", "Actions", min_length=1, max_length=50)

    @model_validator(mode="after")
    def _known_perspectives(self) -> ConsequenceAnalysis:
        known = set(self.perspectives)
        for row in self.rows:
            unknown = sorted(set(row.ratings) - known)
            if unknown:
                raise ValueError(f"okänt perspektiv för «{row.action}»: {', '.join(unknown)}")
        return self


class PlanActivity(AnswerModel):
    activity: ShortText = _f("Aktivitet", "Activity")
    responsible: OptionalText = _f("Ansvarig", "Responsible", default=None)
    when: OptionalText = _f("Tidplan (när)", "When", default=None)
    outcome: OptionalText = _f("Kopplat utfall", "Linked outcome", default=None)
    indicator: OptionalText = _f("Indikator", "Indicator", default=None)
    forum: OptionalText = _f("Forum för rapportering och beslut", "Forum for reporting and decisions",
                             default=None)


class ImplementationPlan(AnswerModel):
    """The genomförandeplan: a short description and/or the activities as rows (what, who, when, utfall)."""

    text: OptionalText = _f("Beskrivning", "Description", default=None)
    activities: list[PlanActivity] = _f("Aktiviteter", "Activities", default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _something_planned(self) -> ImplementationPlan:
        if not (self.text or self.activities):
            raise ValueError("planen är tom – beskriv den eller lägg till minst en aktivitet")
        return self

    def warnings(self, lang: str = "sv") -> list[str]:
        return [catalogue.t("answers.warning.activity_unowned", lang, activity=a.activity)
                for a in self.activities if not (a.responsible and a.when)]


class FollowUpRow(AnswerModel):
    what: ShortText = _f("Vad följs upp (indikator eller aktivitet)", "What is followed up")
    source: OptionalText = _f("Datakälla", "Data source", default=None)
    responsible: OptionalText = _f("Ansvarig", "Responsible", default=None)
    when: OptionalText = _f("När och hur ofta", "When and how often", default=None)
    forum: OptionalText = _f("Rapporteras till", "Reported to", default=None)


class FollowUpPlan(AnswerModel):
    """The uppföljningsplan: a short description and/or rows (what, source, who, when, forum)."""

    text: OptionalText = _f("Beskrivning", "Description", default=None)
    rows: list[FollowUpRow] = _f("Uppföljning", "Follow-up", default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _something_planned(self) -> FollowUpPlan:
        if not (self.text or self.rows):
            raise ValueError("planen är tom – beskriv den eller lägg till minst en rad")
        return self

    def warnings(self, lang: str = "sv") -> list[str]:
        return [catalogue.t("answers.warning.follow_up_unowned", lang, what=r.what)
                for r in self.rows if not (r.source and r.responsible)]


class IndicatorValue(AnswerModel):
    indicator: ShortText = _f("Indikator", "Indicator")
    value: ShortText = _f("Värde", "Value")
    date: dt.date = _f("Datum", "Date")


class AbcdeReport(AnswerModel):
    activities: OptionalText = _f("A – Vilka aktiviteter har genomförts sedan förra uppföljningstillfället?",
                                  "A – Activities", default=None)
    benefits: OptionalText = _f("B – Vilka framsteg har gjorts sedan förra uppföljningstillfället?",
                                "B – Benefits", default=None)
    concerns: OptionalText = _f("C – Vilka bekymmer kräver särskilt fokus?", "C – Concerns", default=None)
    do_next: OptionalText = _f("D – Hur ser planerna ut för den närmaste tiden?", "D – Do next",
                               default=None)
    education: OptionalText = _f("E – Vad har vi lärt oss sedan senaste utvärderingen?",
                                 "E – Education and learning", default=None)
    indicator_values: list[IndicatorValue] = _f("Indikatorvärden", "Indicator values", default_factory=list,
                                                max_length=50)

    @model_validator(mode="after")
    def _something_reported(self) -> AbcdeReport:
        if not any((self.activities, self.benefits, self.concerns, self.do_next, self.education)):
            raise ValueError("rapporten är tom – fyll i minst en av A–E")
        return self


class GateDecision(AnswerModel):
    forum: ShortText = _f("Forum", "Forum")
    date: dt.date = _f("Datum", "Date")
    text: LongText = _f("Beslut", "Decision")
    decided_by: OptionalText = _f("Beslutsfattare", "Decided by", default=None)


ANSWER_TYPES: dict[str, type[AnswerModel]] = {
    "text": TextAnswer,
    "list": ListAnswer,
    "choice": ChoiceAnswer,
    "problem_tree": ProblemTree,
    "outcomes": OutcomesAnswer,
    "smart_indicators": IndicatorsAnswer,
    "effect_logic": EffectLogic,
    "intervention_mapping": InterventionMapping,
    "gap_checklist": GapChecklist,
    "risk_matrix": RiskMatrix,
    "consequence_analysis": ConsequenceAnalysis,
    "abcde_report": AbcdeReport,
    "gate_decision": GateDecision,
    "implementation_plan": ImplementationPlan,
    "follow_up_plan": FollowUpPlan,
}
