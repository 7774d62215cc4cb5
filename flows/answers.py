"""Typed answers: one pydantic model per answer type the guide's templates need.

Field titles are the catalogue's `answers.field.<Model>.<field>` (Swedish: the guide's words);
`json_schema_extra={"en": …}` carries the English one.
Validation errors become Swedish messages in `flows.validation`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

import coachtext
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
    return {k: coachtext.t(f"answers.{kind}.{k}", lang) for k in get_args(_OPTIONS[kind])}


def effect_links(lang: str = "sv") -> dict[str, str]:
    """link kind → its question («Varför leder resurserna till aktiviteterna?»), in order."""
    return option_words("effect_link", lang)


# The Swedish words, for the modules that show only Swedish
PREVENTION_LEVELS: dict[str, str] = option_words("prevention_level")
HORIZONS: dict[str, str] = option_words("horizon")
GAP_CATEGORIES: dict[str, str] = option_words("gap_category")
EFFECT_LINKS: dict[str, str] = effect_links("sv")  # the Swedish questions, as stored in answers
EffectLevel = Literal["resurser", "aktiviteter", "utfall", "mal"]


def _f(key: str, **kw):
    """A field titled by the catalogue's `answers.field.<Model>.<field>`: the Swedish title, the English one in
    the schema extras (bot/forms.label, the Slack fields)."""
    name = f"answers.field.{key}"
    return Field(title=coachtext.t(name, "sv"), json_schema_extra={"en": coachtext.t(name, "en")}, **kw)


class AnswerModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def warnings(self, lang: str = "sv") -> list[str]:
        """Things a draft still lacks (stored, but flagged), in `lang`. Empty when complete."""
        return []


class TextAnswer(AnswerModel):
    text: LongText = _f("TextAnswer.text")


class ListAnswer(AnswerModel):
    items: list[ShortText] = _f("ListAnswer.items", min_length=1, max_length=100)


class ChoiceAnswer(AnswerModel):
    choice: ShortText = _f("ChoiceAnswer.choice")
    comment: OptionalText = _f("ChoiceAnswer.comment", default=None)


class TreeNode(AnswerModel):
    text: ShortText = _f("TreeNode.text")
    under: OptionalText = _f("TreeNode.under",
                             default=None)


class RootCause(AnswerModel):
    cause: ShortText = _f("RootCause.cause")
    data_available: YesNo = _f("RootCause.data_available", default=False)
    municipality_can_influence: YesNo = _f("RootCause.municipality_can_influence",
                                           default=False)
    addressed_today: YesNo = _f("RootCause.addressed_today", default=False)
    prioritised: YesNo = _f("RootCause.prioritised", default=False)
    motivation: OptionalText = _f("RootCause.motivation", default=None)


class ProblemTree(AnswerModel):
    problem: ShortText = _f("ProblemTree.problem")
    target_group: OptionalText = _f("ProblemTree.target_group",
                                    default=None)
    location: OptionalText = _f("ProblemTree.location", default=None)
    consequences: list[TreeNode] = _f("ProblemTree.consequences", default_factory=list,
                                      max_length=100)
    causes: list[TreeNode] = _f("ProblemTree.causes", default_factory=list, max_length=200)
    root_causes: list[RootCause] = _f("ProblemTree.root_causes", default_factory=list,
                                      max_length=100)

    def warnings(self, lang: str = "sv") -> list[str]:
        out = []
        if not self.consequences:
            out.append(coachtext.t("answers.warning.no_consequences", lang))
        if not self.causes:
            out.append(coachtext.t("answers.warning.no_causes", lang))
        if not any(r.prioritised for r in self.root_causes):
            out.append(coachtext.t("answers.warning.no_prioritised_root_cause", lang))
        return out


OUTCOME_CRITERIA = ("addresses_priority_need", "likely_contributes", "within_our_power", "measurable")


class Outcome(AnswerModel):
    text: ShortText = _f("Outcome.text")
    horizon: Horizon = _f("Outcome.horizon")
    prevention_level: PreventionLevel = _f("Outcome.prevention_level")
    addresses_priority_need: YesNo = _f("Outcome.addresses_priority_need",
                                        default=False)
    likely_contributes: YesNo = _f("Outcome.likely_contributes", default=False)
    within_our_power: YesNo = _f("Outcome.within_our_power",
                                 default=False)
    measurable: YesNo = _f("Outcome.measurable", default=False)
    root_causes: list[ShortText] = _f("Outcome.root_causes",
                                      default_factory=list, max_length=20)

    def unmet_criteria(self, lang: str = "sv") -> list[str]:
        return [coachtext.t(f"answers.criterion.{key}", lang) for key in OUTCOME_CRITERIA if not getattr(self, key)]


class OutcomesAnswer(AnswerModel):
    outcomes: list[Outcome] = _f("OutcomesAnswer.outcomes", min_length=1, max_length=50)

    def warnings(self, lang: str = "sv") -> list[str]:
        return [coachtext.t("answers.warning.outcome_unmet", lang, outcome=o.text,
                            unmet=", ".join(o.unmet_criteria(lang)))
                for o in self.outcomes if o.unmet_criteria()]


SMART_PARTS: tuple[str, ...] = ("who_what", "baseline", "change", "by_when", "data_source")


class SmartIndicator(AnswerModel):
    name: ShortText = _f("SmartIndicator.name")
    who_what: OptionalText = _f("SmartIndicator.who_what",
                                default=None)
    baseline: OptionalText = _f("SmartIndicator.baseline", default=None)
    target: OptionalText = _f("SmartIndicator.target", default=None)
    change: OptionalText = _f("SmartIndicator.change", default=None)
    by_when: OptionalText = _f("SmartIndicator.by_when", default=None)
    data_source: OptionalText = _f("SmartIndicator.data_source", default=None)
    method: OptionalText = _f("SmartIndicator.method", default=None)
    follow_up_period: OptionalText = _f("SmartIndicator.follow_up_period", default=None)
    responsible: OptionalText = _f("SmartIndicator.responsible", default=None)
    outcome: OptionalText = _f("SmartIndicator.outcome", default=None)

    def missing_smart(self, lang: str = "sv") -> list[str]:
        return [coachtext.t(f"answers.smart_part.{key}", lang) for key in SMART_PARTS if not getattr(self, key)]


class IndicatorsAnswer(AnswerModel):
    indicators: list[SmartIndicator] = _f("IndicatorsAnswer.indicators", min_length=1, max_length=50)

    def warnings(self, lang: str = "sv") -> list[str]:
        return [coachtext.t("answers.warning.indicator_not_smart", lang, indicator=i.name,
                            missing=", ".join(i.missing_smart(lang)))
                for i in self.indicators if i.missing_smart()]


class EffectLink(AnswerModel):
    link: EffectLinkKind = _f("EffectLink.link")
    assumption: OptionalText = _f("EffectLink.assumption",
                                  default=None)
    threats: OptionalText = _f("EffectLink.threats", default=None)


class EffectConnection(AnswerModel):
    """One arrow the team states between two named parts of the effect logic (e.g. an activity → an utfall)."""

    source: ShortText = _f("EffectConnection.source")
    target: ShortText = _f("EffectConnection.target")
    assumption: OptionalText = _f("EffectConnection.assumption",
                                  default=None)


class LevelMeasure(AnswerModel):
    level: EffectLevel = _f("LevelMeasure.level")
    indicator: ShortText = _f("LevelMeasure.indicator")
    data_source: OptionalText = _f("LevelMeasure.data_source", default=None)


class EffectLogic(AnswerModel):
    need: OptionalText = _f("EffectLogic.need",
                            default=None)
    goal: ShortText = _f("EffectLogic.goal")
    resources: list[ShortText] = _f("EffectLogic.resources", default_factory=list, max_length=50)
    activities: list[ShortText] = _f("EffectLogic.activities", default_factory=list, max_length=50)
    outcomes_organisation: list[ShortText] = _f("EffectLogic.outcomes_organisation",
                                                default_factory=list, max_length=50)
    outcomes_short: list[ShortText] = _f("EffectLogic.outcomes_short",
                                         default_factory=list, max_length=50)
    outcomes_medium: list[ShortText] = _f("EffectLogic.outcomes_medium",
                                          default_factory=list, max_length=50)
    outcomes_long: list[ShortText] = _f("EffectLogic.outcomes_long",
                                        default_factory=list, max_length=50)
    links: list[EffectLink] = _f("EffectLogic.links",
                                 default_factory=list, max_length=20)
    measures: list[LevelMeasure] = _f("EffectLogic.measures",
                                      default_factory=list, max_length=50)
    connections: list[EffectConnection] = _f("EffectLogic.connections",
                                             default_factory=list, max_length=100)

    def items(self) -> list[str]:
        """Every named part of the logic, in column order (the goal last)."""
        return [*self.resources, *self.activities, *self.outcomes_organisation, *self.outcomes_short,
                *self.outcomes_medium, *self.outcomes_long, self.goal]

    def warnings(self, lang: str = "sv") -> list[str]:
        out = []
        for name in ("resources", "activities"):
            if not getattr(self, name):
                out.append(coachtext.t(f"answers.warning.logic_lacks_{name}", lang))
        if not (self.outcomes_short or self.outcomes_medium or self.outcomes_long or self.outcomes_organisation):
            out.append(coachtext.t("answers.warning.logic_lacks_outcomes", lang))
        covered = {link.link for link in self.links if link.assumption}
        for kind, question in effect_links(lang).items():
            if kind not in covered:
                out.append(coachtext.t("answers.assumption_missing", lang, question=question))
        return out


class Intervention(AnswerModel):
    name: ShortText = _f("Intervention.name")
    organisation: OptionalText = _f("Intervention.organisation", default=None)
    prevention_level: PreventionLevel = _f("Intervention.prevention_level")
    age_bands: list[AgeBand] = _f("Intervention.age_bands", default_factory=list)
    reach: OptionalText = _f("Intervention.reach", default=None)
    root_causes: list[ShortText] = _f("Intervention.root_causes",
                                      default_factory=list, max_length=20)


class InterventionMapping(AnswerModel):
    interventions: list[Intervention] = _f("InterventionMapping.interventions", min_length=1, max_length=200)


class GapCheckAnswer(AnswerModel):
    item: ShortText = _f("GapCheckAnswer.item")
    answer: LongText = _f("GapCheckAnswer.answer")


class Gap(AnswerModel):
    category: GapCategory = _f("Gap.category")
    description: ShortText = _f("Gap.description")


class GapChecklist(AnswerModel):
    outcome: ShortText = _f("GapChecklist.outcome")
    area: ShortText = _f("GapChecklist.area")
    answers: list[GapCheckAnswer] = _f("GapChecklist.answers", default_factory=list,
                                       max_length=50)
    gaps: list[Gap] = _f("GapChecklist.gaps", default_factory=list, max_length=100)

    def warnings(self, lang: str = "sv") -> list[str]:
        if self.gaps:
            return []
        return [coachtext.t("answers.warning.no_gaps", lang)]


class Risk(AnswerModel):
    description: ShortText = _f("Risk.description")
    probability: Level3 = _f("Risk.probability")
    impact: ShortText = _f("Risk.impact")
    priority: Level3 = _f("Risk.priority")
    action: OptionalText = _f("Risk.action", default=None)
    owner: OptionalText = _f("Risk.owner", default=None)


class RiskMatrix(AnswerModel):
    risks: list[Risk] = _f("RiskMatrix.risks", min_length=1, max_length=50)

    def warnings(self, lang: str = "sv") -> list[str]:
        return [coachtext.t("answers.warning.risk_unowned", lang, risk=r.description)
                for r in self.risks if not (r.action and r.owner)]


class ConsequenceRow(AnswerModel):
    action: ShortText = _f("ConsequenceRow.action")
    term: Literal["kort", "lång"] = _f("ConsequenceRow.term")
    ratings: dict[str, Rating] = _f("ConsequenceRow.ratings",
                                    default_factory=dict)
    priority: int | None = _f("ConsequenceRow.priority", default=None, ge=1, le=3)


class ConsequenceAnalysis(AnswerModel):
    problem: OptionalText = _f("ConsequenceAnalysis.problem", default=None)
    perspectives: list[ShortText] = _f("ConsequenceAnalysis.perspectives",
                                       default_factory=lambda: list(DEFAULT_PERSPECTIVES), min_length=1,
                                       max_length=12)
    rows: list[ConsequenceRow] = _f("ConsequenceAnalysis.rows", min_length=1, max_length=50)

    @model_validator(mode="after")
    def _known_perspectives(self) -> ConsequenceAnalysis:
        known = set(self.perspectives)
        for row in self.rows:
            unknown = sorted(set(row.ratings) - known)
            if unknown:
                raise ValueError(coachtext.t("validation.value.unknown_perspective", "sv", action=row.action,
                                             names=", ".join(unknown)))
        return self


class PlanActivity(AnswerModel):
    activity: ShortText = _f("PlanActivity.activity")
    responsible: OptionalText = _f("PlanActivity.responsible", default=None)
    when: OptionalText = _f("PlanActivity.when", default=None)
    outcome: OptionalText = _f("PlanActivity.outcome", default=None)
    indicator: OptionalText = _f("PlanActivity.indicator", default=None)
    forum: OptionalText = _f("PlanActivity.forum",
                             default=None)


class ImplementationPlan(AnswerModel):
    """The genomförandeplan: a short description and/or the activities as rows (what, who, when, utfall)."""

    text: OptionalText = _f("ImplementationPlan.text", default=None)
    activities: list[PlanActivity] = _f("ImplementationPlan.activities", default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _something_planned(self) -> ImplementationPlan:
        if not (self.text or self.activities):
            raise ValueError(coachtext.t("validation.value.plan_empty_activities", "sv"))
        return self

    def warnings(self, lang: str = "sv") -> list[str]:
        return [coachtext.t("answers.warning.activity_unowned", lang, activity=a.activity)
                for a in self.activities if not (a.responsible and a.when)]


class FollowUpRow(AnswerModel):
    what: ShortText = _f("FollowUpRow.what")
    source: OptionalText = _f("FollowUpRow.source", default=None)
    responsible: OptionalText = _f("FollowUpRow.responsible", default=None)
    when: OptionalText = _f("FollowUpRow.when", default=None)
    forum: OptionalText = _f("FollowUpRow.forum", default=None)


class FollowUpPlan(AnswerModel):
    """The uppföljningsplan: a short description and/or rows (what, source, who, when, forum)."""

    text: OptionalText = _f("FollowUpPlan.text", default=None)
    rows: list[FollowUpRow] = _f("FollowUpPlan.rows", default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _something_planned(self) -> FollowUpPlan:
        if not (self.text or self.rows):
            raise ValueError(coachtext.t("validation.value.plan_empty_rows", "sv"))
        return self

    def warnings(self, lang: str = "sv") -> list[str]:
        return [coachtext.t("answers.warning.follow_up_unowned", lang, what=r.what)
                for r in self.rows if not (r.source and r.responsible)]


class IndicatorValue(AnswerModel):
    indicator: ShortText = _f("IndicatorValue.indicator")
    value: ShortText = _f("IndicatorValue.value")
    date: dt.date = _f("IndicatorValue.date")


class AbcdeReport(AnswerModel):
    activities: OptionalText = _f("AbcdeReport.activities", default=None)
    benefits: OptionalText = _f("AbcdeReport.benefits", default=None)
    concerns: OptionalText = _f("AbcdeReport.concerns", default=None)
    do_next: OptionalText = _f("AbcdeReport.do_next",
                               default=None)
    education: OptionalText = _f("AbcdeReport.education", default=None)
    indicator_values: list[IndicatorValue] = _f("AbcdeReport.indicator_values", default_factory=list,
                                                max_length=50)

    @model_validator(mode="after")
    def _something_reported(self) -> AbcdeReport:
        if not any((self.activities, self.benefits, self.concerns, self.do_next, self.education)):
            raise ValueError(coachtext.t("validation.value.report_empty", "sv"))
        return self


class GateDecision(AnswerModel):
    forum: ShortText = _f("GateDecision.forum")
    date: dt.date = _f("GateDecision.date")
    text: LongText = _f("GateDecision.text")
    decided_by: OptionalText = _f("GateDecision.decided_by", default=None)


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
