"""Words for BM25: Swedish stemming (Snowball via PyStemmer), stop words, compound splitting against
the corpus vocabulary, language detection and English → Swedish expansion of domain terms."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

SV_STOP = frozenset("""
alla allt att av blev bli blir blivit de dem den denna deras dess dessa det detta dig din dina ditt
du där då efter ej eller en er era ert ett från för ha hade han hans har henne hennes hon honom hur
här i icke ingen inom inte jag ju kan kunde man med mellan men mig min mina mitt mot mycket ni nu
när någon något några och om oss på samma sedan sig sin sina sitta själv skulle som så sådan sådana
sådant till under upp ut utan vad var vara varför varit varje vars vart vem vi vid vilka vilkas
vilken vilket vår våra vårt än är åt över också ska bör får finns kommer även dvs t ex tex bara
hos sätt behöver göra gör vill
få får fick fått finna finnas fanns gå går gick gått måste hitta hittar hittade räcka räcker stå står stod
gjorde gjort bättre bäst egentligen faktiskt just typ bra mer mest helt verkligen kunna kunnat skall
borde brukar brukade ta tar tog tagit se ser såg sett
""".split())  # the last lines: verbs and adverbs of how officials ask, not what they ask about

EN_STOP = frozenset("""
a about after all also an and any are as at be been before being between both but by can could did
do does doing done for from had has have how i if in into is it its just may me might more most
much must my no not now of on once only or other our out own same shall should so some such than
that the their them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your it's don't can't
""".split())

# English domain words → the guide's Swedish terms (lexical bridge for BM25; the dense model is
# multilingual already). Lower-case; values are Swedish words that are stemmed like the corpus.
EN_SV = {
    "indicator": "indikator indikatorer", "indicators": "indikator indikatorer", "measure": "mäta mått",
    "measures": "mått åtgärder", "measurable": "mätbar", "outcome": "utfall", "outcomes": "utfall",
    "goal": "mål", "goals": "mål", "objective": "mål", "objectives": "mål målsättningar",
    "target": "mål målvärde", "targets": "mål", "aim": "syfte mål", "purpose": "syfte",
    "follow": "följa", "followup": "uppföljning", "follow-up": "uppföljning", "monitoring": "uppföljning",
    "monitor": "följa uppföljning", "track": "följa uppföljning", "evaluation": "utvärdering",
    "evaluate": "utvärdera utvärdering", "evaluating": "utvärdera", "assess": "bedöma värdera",
    "assessment": "bedömning", "learning": "lärande", "learn": "lärande lärdomar", "lessons": "lärdomar",
    "intervention": "insats insatser", "interventions": "insatser", "initiative": "satsning insats",
    "initiatives": "satsningar insatser", "programme": "program insats", "program": "program insats",
    "project": "projekt satsning", "projects": "projekt", "investment": "investering", "investments":
    "investeringar", "social": "social sociala", "need": "behov", "needs": "behov", "needed": "behövs",
    "group": "grupp", "groups": "grupper", "target-group": "målgrupp", "problem": "problem",
    "problems": "problem", "cause": "orsak", "causes": "orsaker", "root": "rotorsak rotorsaker",
    "consequence": "konsekvens", "consequences": "konsekvenser", "tree": "träd problemträd",
    "gap": "gap gapanalys", "gaps": "gap", "analysis": "analys", "analyse": "analysera", "analyze": "analysera",
    "data": "data", "statistics": "statistik", "survey": "enkät", "surveys": "enkäter",
    "interview": "intervju", "interviews": "intervjuer djupintervjuer", "qualitative": "kvalitativ kvalitativa",
    "quantitative": "kvantitativ", "decision": "beslut", "decisions": "beslut", "decide": "besluta beslut",
    "management": "ledning", "leadership": "ledning", "managers": "chefer", "politicians": "politiker politiken",
    "political": "politisk", "politics": "politiken", "municipality": "kommun", "municipalities": "kommuner",
    "council": "kommun", "councils": "kommuner", "municipal": "kommunal kommunens", "region": "region",
    "regions": "regioner landsting", "county": "landsting", "agreement": "överenskommelse",
    "agreements": "överenskommelser", "signed": "skrevs", "school": "skola skolan", "schools": "skolor",
    "pupils": "elever", "students": "elever", "crime": "brott brottsförebyggande", "prevention": "förebyggande",
    "preventive": "förebyggande", "police": "polisen", "cost": "kostnad", "costs": "kostnader",
    "economic": "ekonomisk", "financial": "ekonomisk finansiell", "budget": "budget", "risk": "risk",
    "risks": "risker", "matrix": "matris riskmatris", "logic": "logik effektlogik logikmodell",
    "theory": "teori förändringsteori", "change": "förändring", "assumption": "antagande",
    "assumptions": "antaganden", "threats": "hot", "resources": "resurser", "activities": "aktiviteter",
    "implementation": "implementering genomförande", "implement": "implementera genomföra",
    "scaling": "uppskalning", "scale": "uppskalning", "plan": "plan", "planning": "planering",
    "timeline": "tidplan", "schedule": "tidplan", "roles": "roller", "governance": "styrning",
    "steering": "styrning styrgrupp", "stakeholders": "aktörer intressenter", "actors": "aktörer",
    "dialogue": "dialog", "anchoring": "förankring", "buy-in": "förankring", "baseline": "nuläge",
    "situation": "nuläge läge", "current": "nuläge nuvarande", "mapping": "kartläggning", "map": "karta kartlägga",
    "inventory": "kartläggning inventera", "priority": "prioritering", "prioritise": "prioritera",
    "prioritize": "prioritera", "compare": "jämföra jämförelser", "comparison": "jämförelse jämförelsealternativ",
    "control": "kontrollgrupp kontroll", "randomise": "randomisering", "randomize": "randomisering",
    "randomised": "randomiserad", "randomized": "randomiserad", "rct": "randomiserad rct",
    "matching": "matchning", "effect": "effekt", "effects": "effekter", "impact": "effekt påverkan",
    "results": "resultat", "result": "resultat", "success": "framgång", "successful": "lyckad",
    "criteria": "kriterier", "report": "rapport", "reporting": "rapportering", "deviations": "avvikelser",
    "quality": "kvalitet", "evidence": "evidens", "research": "forskning", "innovation": "innovation innovationsnivåer",
    "solution": "lösning lösningsförslag", "solutions": "lösningar lösningsförslag", "ideas": "idéer",
    "template": "mall", "checklist": "checklista", "individual": "individ individdata", "aggregate": "aggregerad",
    "index": "index", "variables": "variabler", "socioeconomic": "socioekonomisk", "funding": "finansiering",
    "financing": "finansiering", "external": "extern externfinansierade", "coordinator": "samordnare",
    "coordinators": "samordnare", "guide": "guiden vägledning", "area": "område",
    "neighbourhood": "område bostadsområde",
    "district": "område stadsdel", "housing": "bostadsområde", "youth": "unga ungdomar", "young": "unga",
    "children": "barn", "parents": "föräldrar", "truancy": "frånvaro skolfrånvaro", "absence": "frånvaro",
    "savings": "besparing spara", "save": "spara", "expect": "förvänta", "expected": "förväntade",
    "documents": "dokument", "document": "dokument", "working": "arbete", "work": "arbete arbetet",
    "model": "modell", "step": "steg", "steps": "steg", "process": "process", "method": "metod",
    "methods": "metoder", "collaboration": "samverkan samarbete", "cooperation": "samverkan",
    "communication": "kommunikation", "improvement": "förbättring", "improvements": "förbättringar",
    "existing": "befintliga", "new": "nya", "tweaks": "förbättring",
    "ambitious": "innovationsnivåer", "level": "nivå", "levels": "nivåer", "universal": "universell",
    "selective": "selektiv", "indicated": "indikerad", "early": "tidiga", "long-term": "långsiktiga",
    "short-term": "kortsiktiga", "term": "sikt", "owner": "ansvarig", "responsible": "ansvarig ansvarar",
    "who": "vem", "time": "tid", "permanent": "implementering ordinarie", "deadline": "tidplan",
    # general vocabulary of the guides (the most frequent content words of the corpus, translated)
    "ordinary": "ordinarie", "operations": "verksamhet verksamheten", "operation": "verksamhet",
    "organisation": "organisationen", "organization": "organisationen", "support": "stöd stödja",
    "identify": "identifiera", "strategic": "strategisk", "strategy": "strategi", "conditions": "förutsättningar",
    "prerequisites": "förutsättningar", "ensure": "säkerställa säkra", "information": "information",
    "basis": "underlag", "affected": "berörda berörs", "development": "utveckling utvecklingsarbete",
    "develop": "utveckla", "required": "krävs", "requirements": "krav", "anchor": "förankra förankring",
    "structure": "struktur strukturer", "available": "tillgänglig tillgång", "access": "tillgång",
    "cross-sectoral": "tvärsektoriell", "sectoral": "tvärsektoriell", "departments": "förvaltningar",
    "department": "förvaltning", "administrations": "förvaltningar", "mandate": "mandat uppdrag",
    "assignment": "uppdrag", "mission": "uppdrag", "local": "lokala", "perspective": "perspektiv",
    "knowledge": "kunskap", "systematic": "systematiskt systematik", "questions": "frågor", "focus": "fokus",
    "design": "utformning utforma", "before": "före innan", "experience": "erfarenheter", "contribute": "bidra",
    "achieve": "uppnå", "operational": "operativ operativt", "define": "definiera", "definition": "definition",
    "competence": "kompetens", "skills": "kompetens kompetenser", "expertise": "kompetens", "missing": "saknas",
    "lacking": "saknas brister", "participants": "deltagare", "function": "funktion fungerar",
    "understanding": "förståelse", "shortcomings": "brister", "weakness": "brister svaghet",
    "weak": "svag brister", "obstacles": "hinder", "barriers": "hinder", "difficult": "svårt svåra",
    "relationship": "samband relation", "link": "koppling samband", "test": "testa", "forum": "forum",
    "tool": "verktyg", "formulate": "formulera", "phrase": "formulera", "reduce": "minska",
    "proposal": "förslag", "probability": "sannolikhet", "likelihood": "sannolikhet", "staff": "personal",
    "personnel": "personal", "components": "komponenter komponentanalys", "component": "komponent",
    "variation": "variation", "conclusions": "slutsatser", "challenge": "utmaning utmaningar",
    "health": "hälsa", "describe": "beskriva beskrivning", "description": "beskrivning", "factors": "faktorer",
    "future": "framtida", "handle": "hantera", "average": "genomsnitt medelvärde", "detect": "upptäcka",
    "measurement": "mätning", "valuation": "värdering", "value": "värde värdera", "discussion": "diskussion",
    "calculate": "beräkna", "estimate": "uppskatta beräkna", "strengthen": "stärka", "funds": "medel",
    "money": "medel resurser finansiering", "residents": "boende", "leisure": "fritid", "mental": "psykisk",
    "society": "samhället", "review": "granska", "examine": "granska", "flow": "flöde flödesanalys",
    "percent": "procent", "transition": "övergång", "stakeholder": "aktör intressent",
    "participation": "deltagande", "manager": "chef ledare", "leader": "ledare",
    "communicate": "kommunicera kommunikation",
    "hypothesis": "hypotes", "causal": "orsakssamband kausalitet", "causality": "kausalitet",
    "sensitivity": "känslighetsanalys", "uncertainty": "osäkerhet", "fidelity": "programtrohet",
    "adapt": "anpassa", "adaptation": "anpassning", "pilot": "pilot testa", "vision": "vision",
    "welfare": "välfärd", "demographic": "demografisk", "geographic": "geografisk",
    "visualise": "visualisera", "visualize": "visualisera", "workshop": "workshop", "dialog": "dialog",
    # the next tier of the corpus's frequent content words (document frequency 6-60), translated with
    # the everyday English synonyms an official would use for them
    "example": "exempel", "examples": "exempel", "important": "viktigt avgörande", "different": "olika",
    "several": "flera", "often": "ofta", "show": "visa visar", "influence": "påverka påverkan",
    "affect": "påverka", "whole": "hela", "ongoing": "löpande kontinuerligt", "continuous": "löpande kontinuerligt",
    "continuously": "löpande kontinuerligt", "regular": "löpande regelbundet", "regularly": "löpande regelbundet",
    "clear": "tydlig tydliggöra", "clarify": "tydliggöra klargöra", "only": "enbart", "build": "bygga",
    "first": "första", "next": "nästa", "latest": "senaste", "last": "senaste", "create": "skapa",
    "collect": "samla samla in", "gather": "samla", "offer": "erbjuda erbjuds", "offered": "erbjuds",
    "improved": "förbättrade", "better": "förbättrade", "relevant": "relevant", "share": "andel",
    "proportion": "andel", "number": "antal", "drive": "driva", "start": "starta börja", "begin": "börja starta",
    "starting": "starta utgångspunkt", "already": "redan", "advantage": "fördel", "benefit": "nytta fördel",
    "benefits": "nyttor fördelar", "participate": "delta deltar deltagande", "involve": "involvera involveras",
    "involved": "involveras berörda", "public": "offentlig", "end": "slut avsluta", "stop": "avbryta avsluta",
    "differences": "skillnader", "difference": "skillnad", "detailed": "detaljerad", "concrete": "konkreta",
    "increase": "öka ökar ökad", "increased": "ökad", "cross-departmental": "förvaltningsövergripande",
    "today": "idag nuläge", "right": "rätt", "appropriate": "lämpliga rätt", "practice": "praktik arbetssätt",
    "positive": "positiv", "negative": "negativa", "efficient": "effektiv effektivt", "effective": "effektiv",
    "dependent": "beroende", "depends": "beroende", "enough": "tillräckligt", "sufficient": "tillräckligt",
    "overall": "övergripande", "always": "alltid", "together": "tillsammans", "sector": "sektor",
    "steer": "styra styrning", "appoint": "utse utses", "appointed": "utses", "compiled": "sammanställs",
    "compile": "sammanställa", "targeted": "riktade", "establish": "etablera", "choice": "val",
    "choose": "välja val", "select": "välja", "selection": "urval", "generate": "generera",
    "desired": "önskade", "allocate": "avsätta avsatta", "allocated": "avsatta", "funded": "finansieras",
    "actual": "faktiska", "motivate": "motivera", "justify": "motivera", "practical": "praktiska",
    "context": "kontext kontexten", "appendix": "bilaga", "valuable": "värdefullt", "whether": "huruvida",
    "phase": "fas faser", "phases": "faser", "potential": "potentiella", "physical": "fysisk",
    "age": "ålder", "gender": "kön", "sex": "kön", "leisure-time": "fritidsaktiviteter",
    "training": "utbildning utbildningar", "education": "utbildning", "courses": "utbildningar",
    "likely": "troliga", "high": "hög", "low": "låg", "specific": "specifik", "place": "plats",
    "look": "titta", "sources": "datakällor källor", "source": "datakälla källa", "organisational": "organisatoriska",
    "responsibility": "ansvar ansvarsfördelning", "responsibilities": "ansvarsfördelning ansvar",
    "routines": "rutiner", "routine": "rutin", "employees": "medarbetare", "colleagues": "medarbetare",
    "discuss": "diskutera diskussion", "alternative": "alternativ", "alternatives": "alternativ",
    "combination": "kombination", "check-in": "avstämningar avstämning", "checkpoint": "avstämning",
    "meeting": "möte avstämning", "meetings": "möten avstämningar", "scope": "omfattning",
    "extent": "omfattning", "timeframe": "tidsramar", "timeframes": "tidsramar", "associations": "föreningar",
    "clubs": "föreningar", "club": "förening", "placements": "placeringar", "reach": "nå nås",
    "reached": "nås", "kids": "barn unga", "kid": "barn", "teenagers": "unga ungdomar", "people": "personer",
    "persons": "personer", "person": "person individ", "individuals": "individer", "social-services": "socialtjänst",
    "welfare-services": "socialtjänst", "progress": "framsteg förflyttning", "shift": "förflyttning",
    "movement": "förflyttning", "risk-group": "riskgrupp", "mean": "medelvärde genomsnitt",
    "median": "medelvärde", "behind": "bakom orsak", "dropout": "bortfall avhopp",
    "drop": "bortfall", "quit": "avbryta avhopp", "pay": "betala finansiering", "paying": "finansiering",
    "fund": "finansiera medel", "responsible-for": "ansvarar", "spread": "sprida spridning",
    "share-knowledge": "sprida", "disseminate": "sprida spridning", "partners": "samverkansaktörer aktörer",
    "partner": "samverkansaktör", "everyday": "vardag", "daily": "vardag dagliga",
}

# English phrases (two words, as written) → the guide's single Swedish terms, often compounds.
EN_SV_PHRASES = {
    ("target", "group"): "målgrupp", ("root", "cause"): "rotorsak", ("follow", "up"): "uppföljning",
    ("working", "group"): "arbetsgrupp", ("project", "manager"): "projektledare",
    ("project", "owner"): "projektägare", ("decision", "makers"): "beslutsfattare",
    ("control", "group"): "kontrollgrupp",
    ("comparison", "group"): "jämförelsegrupp", ("cost", "benefit"): "kostnadsnyttoanalys",
    ("needs", "analysis"): "behovsanalys", ("data", "collection"): "datainsamling",
    ("implementation", "plan"): "implementeringsplan", ("logic", "model"): "logikmodell",
    ("social", "investment"): "social investering", ("effect", "size"): "effektstorlek",
    ("action", "plan"): "åtgärdsplan", ("problem", "tree"): "problemträd", ("gap", "analysis"): "gapanalys",
    ("cross", "sectoral"): "tvärsektoriell", ("wait", "list"): "väntlista", ("waiting", "list"): "väntlista",
}

SV_CHARS = set("åäöÅÄÖ")
BIGRAM_JOIN = "_"  # never inside a term: words are [^\W_]+


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


@lru_cache(maxsize=1)
def _en_stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def en_stem(word: str) -> str:
    return _en_stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _glossary() -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, str], tuple[str, ...]]]:
    """The glossaries keyed by English stems, so that inflected forms meet ("measuring" → measure,
    "indicators" → indicator, "organisations" → organisation)."""
    single: dict[str, list[str]] = {}
    for en, sv in EN_SV.items():
        parts = words(en)
        if len(parts) == 1:
            single.setdefault(en_stem(parts[0]), []).extend(sv.split())
    pairs: dict[tuple[str, str], list[str]] = {}
    for (a, b), sv in EN_SV_PHRASES.items():
        pairs.setdefault((en_stem(a), en_stem(b)), []).extend(sv.split())
    for en, sv in EN_SV.items():
        parts = words(en)
        if len(parts) == 2:  # "follow-up", "buy-in": two words to the tokenizer
            pairs.setdefault((en_stem(parts[0]), en_stem(parts[1])), []).extend(sv.split())
    return ({k: tuple(dict.fromkeys(v)) for k, v in single.items() if v},
            {k: tuple(dict.fromkeys(v)) for k, v in pairs.items()})


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball Swedish applied to a fixed point: it is not idempotent on Swedish
    ("antagandena" → "antaganden" → "antag", "indikatorer" → "indikator" → "indikat"), and stemming
    again makes inflected forms meet."""
    st = _stemmer()
    prev = word
    for _ in range(3):
        cur = st.stemWord(prev)
        if cur == prev or len(cur) < 4:
            return cur if len(cur) >= 3 else prev
        prev = cur
    return prev


@lru_cache(maxsize=1)
def _sv_stop_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in SV_STOP)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def bigrams(text: str) -> list[str]:
    """Adjacent Swedish content words as one BM25 term, stemmed ("första steget i behovsanalysen" →
    först_steg, steg_behovsanalys): a passage that holds a question's words side by side ranks above
    one that holds them apart (phrase proximity, as in a sequential dependence model)."""
    stems = [stem(w) for w in words(text) if w not in SV_STOP and len(w) >= 2]
    return [f"{a}{BIGRAM_JOIN}{b}" for a, b in zip(stems, stems[1:], strict=False)]


def detect_language(text: str) -> str:
    """'en' or 'sv'. Stop-word votes, with å/ä/ö as strong Swedish evidence."""
    ws = words(text)
    if not ws:
        return "sv"
    en = sum(w in EN_STOP for w in ws)
    sv = sum(w in SV_STOP for w in ws)
    sv += 2 * sum(any(c in SV_CHARS for c in w) for w in ws)
    en += sum(w in EN_SV for w in ws if w not in SV_STOP) * 0.5
    return "en" if en > sv else "sv"


class CompoundSplitter:
    """Splits Swedish compounds into two parts that are themselves words of the corpus
    ("förändringskedjan" → "förändring" + "kedjan"), allowing the linking -s- and -e- forms."""

    def __init__(self, vocabulary: set[str], min_part: int = 4) -> None:
        self.stems = {s for s in (stem(w) for w in vocabulary) if len(s) >= 3}
        self.min_part = min_part
        self._cache: dict[str, tuple[str, ...]] = {}

    def _known(self, part: str) -> bool:
        return len(part) >= self.min_part and stem(part) in self.stems

    def split(self, word: str) -> tuple[str, ...]:
        if word in self._cache:
            return self._cache[word]
        best: tuple[str, ...] = ()
        best_score = 0
        if len(word) >= 2 * self.min_part + 1:
            for i in range(self.min_part, len(word) - self.min_part + 1):
                left, right = word[:i], word[i:]
                if not self._known(right):
                    continue
                cands = [left]
                if left.endswith("s"):
                    cands += [left[:-1], left[:-1] + "e"]
                if left.endswith("e"):
                    cands.append(left[:-1])
                for lc in cands:
                    if self._known(lc):
                        score = min(len(lc), len(right))
                        if score > best_score:
                            best, best_score = (lc, right), score
                        break
        self._cache[word] = best
        return best


def analyze(text: str, *, expand: bool = True, splitter: CompoundSplitter | None = None,
            english: bool = False) -> list[str]:
    """BM25 terms: stop words dropped, stemmed; compounds also as their parts; English domain words
    also as the guide's Swedish terms (when ``english``)."""
    ws = words(text)
    out_words: list[str] = []
    if english:
        single, pairs = _glossary()
        stems = [en_stem(w) for w in ws]
        for i, w in enumerate(ws):
            if expand and i + 1 < len(ws):
                out_words.extend(pairs.get((stems[i], stems[i + 1]), ()))
            if expand:  # a glossary entry counts even for a function word ("before" → före)
                out_words.extend(single.get(stems[i], ()))
            if w not in EN_STOP:
                out_words.append(w)
    else:
        out_words = [w for w in ws if w not in SV_STOP and len(w) >= 2]
    terms = [stem(w) for w in out_words]
    if expand and splitter is not None:
        for w in out_words:
            terms.extend(stem(p) for p in splitter.split(w) if p not in SV_STOP and stem(p) not in _sv_stop_stems())
    return terms
