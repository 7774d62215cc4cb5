"""The 7-step flow definition is faithful to the seed documents.

Checks the shape (seven steps, gates with the guide's decision sentences), that every question's
Swedish wording (or its `source.quote`) occurs in the seed it cites, that the must-have questions
of each step are present, and that every required question is named by its gate.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from flows.loader import DEFINITIONS_DIR, load_flow_file
from flows.schema import Flow

FLOW_FILE = DEFINITIONS_DIR / "datadriven_omradesutveckling.yaml"
SEEDS = Path(__file__).parents[2].parent / "shared" / "seeds"

STEPS = [
    (1, "starta_upp", "Starta upp utvecklingsprocess"),
    (2, "kartlagga_nulage", "Kartlägga nuläge"),
    (3, "definiera_utfall", "Definiera utfall"),
    (4, "analysera_gap", "Analysera gap"),
    (5, "utveckla_insatser", "Utveckla insatser"),
    (6, "implementera_insatser", "Implementera insatser"),
    (7, "folja_upp_och_lara", "Följa upp och lära"),
]

# Step 6 has no "Beslut fattas om …" sentence in the guide (Bild 40); its decision is derived and
# says so in the gate's underlag. All other decisions are quoted verbatim from seed 001.
DERIVED_DECISION_STEPS = {6}


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow_file(FLOW_FILE)


# ── text matching against the seeds ──────────────────────────────────────────────────────────

def _normalise(text: str) -> str:
    """Undo PDF-extraction noise: Unicode form, replacement glyphs, emphasis, whitespace, '/ '."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\ufffd", "").replace("*", "").replace("\u00ad", "")
    text = re.sub(r"\s+", " ", text)
    text = text.replace("/ ", "/")
    return text.strip()


@cache
def _seed_variants(doc_id: str) -> tuple[str, ...]:
    """The seed text normalised three ways: as is, with line-break hyphens joined, and kept."""
    matches = sorted(SEEDS.glob(f"{doc_id}_*.txt"))
    assert matches, f"seed document {doc_id} not found in {SEEDS}"
    plain = _normalise(matches[0].read_text(encoding="utf-8"))
    joined = re.sub(r"(?<=\w)- (?=\w)", "", plain)  # "utvecklings- process" → "utvecklingsprocess"
    kept = re.sub(r"(?<=\w)- (?=\w)", "-", plain)  # "12- månadersperioden" → "12-månadersperioden"
    return plain, joined, kept


def _in_seed(doc_id: str, text: str) -> bool:
    wanted = _normalise(text)
    return any(wanted in variant for variant in _seed_variants(doc_id))


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed folder {SEEDS} is missing")


# ── shape ──────────────────────────────────────────────────────────────────────────────────────

def test_flow_identity_and_documents(flow: Flow) -> None:
    assert flow.id == "datadriven_omradesutveckling"
    assert flow.version == 1
    assert [d.id for d in flow.documents] == ["000", "001", "002", "003", "004"]
    assert flow.document("001").title == "Vägledning Datadriven områdesutveckling"
    assert flow.document("001").year == 2024
    assert flow.document("003").title == "Sociala investeringar – en guide"
    assert flow.document("003").year == 2017
    assert flow.document("004").title == "Planera uppföljning"
    assert flow.document("000").title == "Ett lärande system"


def test_seven_steps_with_exact_titles(flow: Flow) -> None:
    assert [(s.number, s.id, s.title.sv) for s in flow.steps] == STEPS
    for step in flow.steps:
        assert step.title.en, step.id
        assert step.intro is not None and step.intro.en, step.id
        assert step.source.doc == "001" and step.source.locator.startswith("Bild "), step.id


def test_every_question_is_bilingual_with_hint_and_source(flow: Flow) -> None:
    for q in flow.questions():
        step = flow.step_of(q.id)
        assert q.id.startswith(f"s{step.number}."), q.id
        assert q.text.en, q.id
        assert q.retrieval_hint.strip(), q.id
        if q.help is not None:
            assert q.help.en, q.id


HELP_MAX_CHARS = 300
# Template questions whose help carries one of the guide's checklists in full, and other tests pin
# that wording (the four outcome criteria, the consequence questions, the ABCDE lines); they may be
# longer. Every other help is a short hint.
LONG_TEMPLATE_HELP = {"s3.utfall", "s5.effektlogik", "s5.konsekvensanalys", "s6.abcde_rapportering"}


def test_every_question_has_a_short_bilingual_help(flow: Flow) -> None:
    problems = []
    for q in flow.questions():
        if q.help is None or not q.help.sv.strip() or not (q.help.en or "").strip():
            problems.append(f"{q.id}: needs help with sv and en")
            continue
        if q.id in LONG_TEMPLATE_HELP:
            continue
        for lang, text in (("sv", q.help.sv), ("en", q.help.en)):
            if len(text.strip()) > HELP_MAX_CHARS:
                problems.append(f"{q.id}: help.{lang} is {len(text.strip())} characters (max {HELP_MAX_CHARS})")
    assert not problems, "\n".join(problems)
    ids = {q.id for q in flow.questions()}
    assert LONG_TEMPLATE_HELP <= ids, LONG_TEMPLATE_HELP - ids


def test_every_gate_has_the_guides_decision(flow: Flow) -> None:
    for step in flow.steps:
        gate = step.gate
        assert gate.decision.sv.startswith("Beslut fattas om"), step.id
        assert gate.underlag is not None and gate.underlag.sv, step.id
        assert gate.template == f"gate_{step.number}.md.j2"
        if step.number in DERIVED_DECISION_STEPS:
            # said for developers in a YAML comment beside the gate; flow texts reach the documents
            assert "härlett" not in gate.underlag.sv and "derived" not in gate.underlag.en
            source = FLOW_FILE.read_text(encoding="utf-8")
            gate_at = source.index(f"id: {gate.id}")
            assert "# For developers" in source[gate_at:gate_at + 400], "a derived decision must say so"


@needs_seeds
def test_gate_decisions_are_verbatim_from_the_guide(flow: Flow) -> None:
    for step in flow.steps:
        if step.number not in DERIVED_DECISION_STEPS:
            assert _in_seed("001", step.gate.decision.sv), f"step {step.number}: {step.gate.decision.sv}"


def test_required_questions_are_named_by_the_gate(flow: Flow) -> None:
    for step in flow.steps:
        answered = [c for c in step.gate.criteria if c.kind == "answered"]
        assert len(answered) == 1, step.id
        named = set(answered[0].questions)
        required = {q.id for q in step.questions() if q.required}
        assert required == named, f"step {step.number}: required {required ^ named} not in sync"
        assert 3 <= len(required) <= 12, f"step {step.number} has {len(required)} required questions"


def test_sakerstall_checkpoints_are_gate_criteria(flow: Flow) -> None:
    for step in flow.steps:
        checked = {c.params.get("question") for c in step.gate.criteria
                   if c.kind == "check" and c.check == "choice_in" and c.params.get("values") == ["ja"]}
        for section in step.sections:
            if section.title.sv != "Säkerställ följande":
                continue
            assert section.source is not None and section.source.doc == "003"
            for q in section.questions:
                assert q.type == "choice" and q.required, q.id
                assert [o.value for o in q.options] == ["ja", "delvis", "nej"], q.id
                assert q.source.doc == "003", q.id
                assert q.id in checked, f"{q.id} has no choice_in criterion"
    sakerstall_steps = {s.number for s in flow.steps
                        if any(sec.title.sv == "Säkerställ följande" for sec in s.sections)}
    assert {2, 5, 6, 7} <= sakerstall_steps


def test_structured_checks_are_in_place(flow: Flow) -> None:
    checks = {(c.check, c.params.get("question")) for s in flow.steps for c in s.gate.criteria
              if c.kind == "check"}
    assert ("problem_tree_prioritised", "s2.problemtrad") in checks
    assert ("indicators_have_data_source", "s3.indikatorer") in checks
    assert ("complete", "s3.utfall") in checks
    assert ("complete", "s4.gapanalys") in checks
    assert ("complete", "s5.effektlogik") in checks
    assert ("complete", "s5.riskmatris") in checks


# ── wording against the seeds ──────────────────────────────────────────────────────────────────

@needs_seeds
def test_every_question_text_occurs_in_its_seed(flow: Flow) -> None:
    missing = []
    for q in flow.questions():
        wording = q.source.quote or q.text.sv
        if not _in_seed(q.source.doc, wording):
            missing.append(f"{q.id} ({q.source.doc}, {q.source.locator}): {wording}")
        for item in q.items:
            if not _in_seed(q.source.doc, item.text.sv):
                missing.append(f"{q.id}/{item.id}: {item.text.sv}")
    assert not missing, "not found in the seeds:\n" + "\n".join(missing)


@needs_seeds
def test_sakerstall_criteria_texts_occur_in_seed_003(flow: Flow) -> None:
    for step in flow.steps:
        for c in step.gate.criteria:
            if c.check == "choice_in":
                question = flow.question(c.params["question"])
                assert _in_seed("003", question.text.sv), question.id


# ── must-have questions ───────────────────────────────────────────────────────────────────────

MUST_HAVE = {
    # step 1: effektlogik (Bild 8), mobilisera (Bild 9), förankring (Bild 10)
    "s1.langsiktigt_mal": "Vilket är det långsiktiga målet?",
    "s1.politiska_mal": "Vilka är de politiskt beslutade målen som ska uppnås?",
    "s1.behov_problem": "Vilka behov eller problem ska adresseras?",
    "s1.befintliga_insatser": "Vilka insatser görs idag med koppling till prioriterade behov och målgrupper?",
    "s1.fokus_behov_malgrupper": "Vilka behov och målgrupper bör vara i fokus?",
    "s1.resurser": "Vilka resurser behövs?",
    "s1.externa_aktorer": "Vilka eventuella externa aktörer bör involveras?",
    "s1.styrning": "Hur bör processen styras?",
    "s1.perspektiv": ("Vilka olika perspektiv finns hos politiken/kommunförvaltningar/boende/föreningar "
                      "gällande behoven i området, prioriterade målgrupper och syftet med ett "
                      "utvecklingsarbete?"),
    "s1.strukturer_forum": "Vilka strukturer, processer och forum kan stödja utvecklingsarbetet?",
    "s1.hinder_malkonflikter": "Vilka hinder och potentiella målkonflikter finns?",
    "s1.resurser_kompetenser_roller": ("Vilka resurser, kompetenser och roller behövs för att genomföra "
                                       "utvecklingsarbetet?"),
    "s1.aktorer_funktioner": "Vilka interna och externa aktörer och funktioner behöver involveras?",
    "s1.data_behov": "Vad säger data om behov och utmaningar?",
    # step 2
    "s2.data_nulage": "Vad har vi för data för att mäta nuläget?",
    "s2.data_mal": "Vad har vi för data för att mäta målet?",
    "s2.vem_har_behov": "Vem är det som har ett behov/drabbas av ett problem?",
    "s2.malgruppens_storlek": "Hur stor är målgruppen?",
    "s2.riskgrupper": "Vilka riskgrupper finns?",
    "s2.ytterligare_data": "Behövs ytterligare data för att kunna kartlägga behov?",
    "s2.kvalitativa_perspektiv": "Hur får vi in kvalitativa perspektiv från målgruppen och lokala aktörer?",
    "s2.externa_aktorer": ("Vad vet vi om vad externa aktörer gör, till exempel civilsamhället, bostadsbolag, "
                           "regionen, näringslivet?"),
    "s2.pt_vem_paverkas": "Vem är det som påverkas av ett problem/behov?",
    "s2.pt_konsekvenser": "Vilka konsekvenser leder problemet till?",
    "s2.pt_varfor": "Varför finns problemet?",
    "s2.pt_storst_paverkan": "Vilka rotorsaker har störst påverkan på huvudproblemet?",
    "s2.pt_kommunen_kan_paverka": "Vilka rotorsaker kan kommunen påverka?",
    # step 3
    "s3.utfall": "Vilket/vilka utfall behöver ske för att vi på lång sikt ska nå målet?",
    "s3.indikatorer": "Hur vet vi att vi har nått utfallen?",
    "s3.omprova": "Behöver utfallen omprövas?",
    # step 4
    "s4.leder_till_utfallen": "Leder befintliga insatser till utfallen?",
    "s4.storst_potential": "Vilka insatser i området tror vi har störst potential att påverka utfallen?",
    "s4.grupper_behov": "Vilka grupper har behov av insatserna?",
    "s4.vilka_nas": "Vilka nås av insatserna?",
    "s4.kvalitet_insatser": "Hur ser kvaliteten ut på insatserna?",
    "s4.effektlogik_ide": "Finns en effektlogik/idé om vilken påverkan insatsen har?",
    "s4.underlag_paverkan": "Finns underlag/data om vilken påverkan insatsen har?",
    "s4.evidens": ("Finns evidens om vilken påverkan insatsen har - effektutvärdering eller systematisk "
                   "forskningsöversikt?"),
    # step 5
    "s5.nya_insatser": "Vilka nya insatser och aktiviteter behöver genomföras för att nå utfallen?",
    "s5.indikatorer_genomforande": "Hur vet vi att vi har genomfört insatserna?",
    "s5.vidareutveckla_befintliga": "Behöver befintliga insatser vidareutvecklas?",
    "s5.behovs_nya": "Behövs nya insatser?",
    "s5.lagga_till": "Behöver ytterligare aktiviteter eller utfall läggas till?",
    "s5.extern_finansiering": "Behöver extern finansiering sökas?",
    "s5.forbattring_befintliga": "Förbättring befintliga arbetssätt",
    "s5.nya_processer_metoder": "Nya processer/insatser/metoder i Huddinge",
    "s5.ny_losning_utomstaende": "Ny lösning som påverkar utomstående aktörer",
    # step 6
    "s6.resurser_insatser": "Vilka resurser behövs för att utföra insatserna?",
    # step 7
    "s7.avsatt_resurserna": "Hur vet vi att vi har avsatt resurserna?",
    "s7.bidragit_till_malet": "Hur vet vi att vi har bidragit till det långsiktiga målet?",
    "s7.datakvalitet": "Hur ser kvaliteten ut på insamlad data/indikatorer?",
    "s7.ratt_sak": "Mäter vi rätt sak?",
    "s7.ekonomiskt": "Vad innebär resultaten ekonomiskt, för vår verksamhet och för målgruppen?",
    "s7.utfall_uppnatts": "Har utfallen uppnåtts?",
    "s7.aktiviteter_genomforts": "Har planerade aktiviteter genomförts?",
    "s7.resurser_avsatts": "Har tillräckligt med resurser avsatts?",
    "s7.mal_uppfyllda": "Är målen/syftet med aktiviteterna uppfyllda?",
    "s7.vilken_data_har_vi": "Vilken data har vi?",
    "s7.data_inhamta": "Vilken data behöver vi inhämta?",
    "s7.forandringsteori": "Finns en förändringsteori för hur strategins mål ska uppnås?",
    "s7.konkreta_mal_indikatorer": "Har vi tillräckligt konkreta mål och indikatorer?",
    "s7.malsattningar_genomforandet": "Behöver vi målsättningar för genomförandet?",
    "s7.plan_hur_nar": "Sätt en relevant plan för hur och när uppföljning och lärande ska ske.",
}

PROBLEM_TREE_SUBSTEPS = [
    "Steg 1: Definiera huvudproblemet",
    "Steg 2: Kartlägg problemets konsekvenser",
    "Steg 3: Kartlägg problemets orsaker",
    "Steg 4: Prioritera bland rotorsakerna",
]

GAP_CHECKLIST = [
    ("Målgrupp", "Hur stor är målgruppen?"),
    ("Målgrupp", "Vilka riskgrupper finns? Tex geografi, socioekonomi, skolfrånvaro"),
    ("Insatsutbud", "Vilka insatser erbjuds i området som borde påverka utfallet?"),
    ("Insatsutbud", "Hur stor andel i målgruppen nås i nuläget med befintliga insatser "
                    "(senaste året/12-månadersperioden)?"),
    ("Insatsutbud", "Vilka i målgruppen nås inte?"),
    ("Insatsutbud", "Vilka preventionsnivåer är insatserna utformade för? Saknas insatser på en "
                    "specifik preventionsnivå?"),
    ("Insatsutbud", "Hur ser tillgången till insatser ut i relation till övriga kommunen?"),
    ("Insatsutbud", "Saknas insatser för att påverka utfallet?"),
    ("Kvalitet", "Finns effektlogiker för insatserna (ett tänk kring samband mellan det vi gör och den "
                 "förändring vi vill uppnå)?"),
    ("Kvalitet", "Följs insatserna upp kvantitativt? Om ja, vad visar uppföljningen?"),
    ("Kvalitet", "Följs insatserna upp kvalitativt? Om ja, vad visar uppföljningen?"),
    ("Organisering", "Finns behov av förvaltningsövergripande styrning och genomförande av insatser i "
                     "området?"),
    ("Organisering", "Om ja, finns en förvaltningsövergripande styrning och genomförande? Hur fungerar den?"),
    ("Organisering", "Finns behov av samverkan med externa aktörer?"),
    ("Organisering", "Om ja, finns samverkan med externa aktörer? Hur fungerar den?"),
]

BRA_FOLLOW_UP = [
    "Vad ska följas upp, när och hur?",
    "Vem/vilka ansvarar för datainsamling, sammanställning och analys?",
    "Vem/vilka är målgrupp för resultat från uppföljningen?",
    "Hur mycket tid beräknas uppföljningen ta?",
    "Hur ska återkoppling till styrgruppen ske?",
    "Hur ska återkoppling till deltagarna ske?",
    "Hur ska resultatet användas? Vad händer sedan?",
    "Hur kan man ta tillvara och använda de lärdomar som uppföljningen ger?",
    "Hur ska erfarenheterna spridas till andra?",
]

ABCDE = [  # the guide's questions word for word; the letters named in Swedish (Bild 66 names them in English)
    "A – Aktiviteter: Vilka aktiviteter har genomförts sedan förra uppföljningstillfället?",
    "B – Framsteg: Vilka framsteg har gjorts sedan förra uppföljningstillfället (vilka resultat har "
    "levererats)?",
    "C – Bekymmer: Vilka bekymmer kräver särskilt fokus?",
    "D – Nästa steg: Hur ser planerna ut för den närmaste tiden?",
    "E – Lärdomar: Vad har vi lärt oss sedan senaste utvärderingen?",
]


@pytest.mark.parametrize("question_id", sorted(MUST_HAVE))
def test_must_have_question(flow: Flow, question_id: str) -> None:
    assert flow.question(question_id).text.sv == MUST_HAVE[question_id]


def test_problem_tree_and_its_four_substeps(flow: Flow) -> None:
    step = flow.step(2)
    tree = flow.question("s2.problemtrad")
    assert tree.type == "problem_tree" and tree.required
    titles = [s.title.sv for s in step.sections]
    for substep in PROBLEM_TREE_SUBSTEPS:
        assert substep in titles
        section = step.sections[titles.index(substep)]
        assert section.questions and not any(q.required for q in section.questions), substep


def test_step2_intervention_mapping(flow: Flow) -> None:
    assert flow.question("s2.insatskartlaggning").type == "intervention_mapping"
    assert flow.step_of("s2.insatskartlaggning").number == 2


def test_outcomes_indicators_and_the_four_criteria(flow: Flow) -> None:
    outcomes = flow.question("s3.utfall")
    assert outcomes.type == "outcomes"
    for criterion in ("Adresserar prioriterade behov", "Hög sannolikhet att på sikt bidra till "
                      "långsiktigt mål", "Inom vår makt att påverka", "Uppföljningsbart"):
        assert criterion.lower() in outcomes.help.sv.lower()
    indicators = flow.question("s3.indikatorer")
    assert indicators.type == "smart_indicators"
    for part in ("Vem, vilka eller vad ska förflyttas?", "Hur stor ska förflyttningen vara?",
                 "Under vilken tid ska förflyttningen ske?",
                 "Har datakällor och datainsamlingsmetoder identifierats?"):
        assert part in indicators.help.sv


def test_gap_checklist_has_every_check_question(flow: Flow) -> None:
    gap = flow.question("s4.gapanalys")
    assert gap.type == "gap_checklist" and gap.source.locator == "Bild 30"
    assert [(i.group, i.text.sv) for i in gap.items] == GAP_CHECKLIST
    assert len({i.id for i in gap.items}) == len(gap.items)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i.id) for i in gap.items)


def test_step5_templates(flow: Flow) -> None:
    assert flow.question("s5.effektlogik").type == "effect_logic"
    risk = flow.question("s5.riskmatris")
    assert risk.type == "risk_matrix"
    assert (risk.source.doc, risk.source.locator) == ("003", "Avsnitt 5, Tabell 1")
    consequence = flow.question("s5.konsekvensanalys")
    assert consequence.type == "consequence_analysis" and consequence.source.doc == "002"
    for question in ("Vilka perspektiv ska fångas upp?", "Vilket tidsperspektiv?", "Vem ska involveras?"):
        assert question in consequence.help.sv
    grounds = flow.question("s5.prioriteringsgrunder").help.sv.lower()
    for ground in ("mest akuta problem (tid)", "data visar på stort behov", "evidens",
                   "omvärld (ingen annan gör det)", "uppdrag/ansvarsområde", "tillgängliga resurser",
                   "organisatorisk förmåga", "stor sannolikhet att bidra till tänkta utfall"):
        assert ground in grounds, ground


def test_abcde_reporting_rhythm(flow: Flow) -> None:
    abcde = flow.question("s6.abcde_rapportering")
    assert abcde.required and abcde.source.locator == "Bild 41"
    for line in ABCDE:
        assert line in abcde.help.sv


def test_bra_follow_up_questions_in_step_7(flow: Flow) -> None:
    step7 = {q.text.sv: q for q in flow.step(7).questions()}
    for text in BRA_FOLLOW_UP:
        assert text in step7, text
        assert step7[text].source.doc == "004"


def test_learning_system_sections_in_step_7(flow: Flow) -> None:
    sections = {s.title.sv: s for s in flow.step(7).sections}
    for title in ("Förändringsteorins närvaro", "Mål och indikatorer",
                  "Lärandesystemets omfattning och utformning", "Lärandet som en del av genomförandet"):
        assert title in sections
        assert all(q.source.doc == "000" for q in sections[title].questions)
