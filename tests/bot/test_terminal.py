"""The terminal adapter on a real SQLite database, driven by scripted input."""

from __future__ import annotations

import io

from bot.terminal import Terminal
from flows.state import Answer, GoTo
from tests.bot.conftest import ANNA, EVA


def run(service, ref, actor, *lines: str) -> str:
    out = io.StringIO()
    Terminal(service, ref, actor, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out).run()
    return out.getvalue()


def test_scripted_session_answers_skips_decides_and_shows_history(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    out = run(service, ref, ANNA,
              "hjälp", "vägledning", "Fler barn 10–12 år deltar i ledarledda fritidsaktiviteter",
              "KUF", "BUF", "",
              "status", "kanske", "1",
              "beslut", "Styrgruppen", "2025-03-01", "Vi startar arbetet.", "",
              "ja", "Andel barn 10–12 år i ledarledd fritid", "", "35 %", "", "", "", "Elevenkät", "", "", "", "",
              "nej",
              "historik s1.mal", "avsluta")
    assert "Processcoach – Skogås (du är koordinator)" in out
    assert "Kommandon:" in out
    assert "       – Obligatoriska frågor besvarade\n           · obesvarad: Hur bör processen styras?" in out
    assert "Vägledning:\n1. «Vilket är det långsiktiga målet?" in out
    assert "— Vägledning Datadriven områdesutveckling, Bild 8" in out
    assert out.count("Sparat (version 1).") == 4
    assert "välj ett av alternativen: 1. Styrgrupp, 2. I linjen" in out
    assert "Steg 1 är redo för beslut." in out
    assert "Beslutet för steg 1 är registrerat." in out
    assert "ännu inte SMART" in out
    assert "v1" in out and "Fler barn 10–12 år" in out
    assert out.rstrip().endswith("Allt är sparat. Fortsätt senare med samma kommando.")
    status = service.status(process=ref, actor=ANNA)
    assert [s.status for s in status.steps] == ["beslutad", "redo_for_beslut"]  # a data source suffices


def test_resumes_where_the_team_left_off_and_end_of_input_saves(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    first = run(service, ref, ANNA, "Målet")
    assert first.rstrip().endswith("Allt är sparat. Fortsätt senare med samma kommando.")
    second = run(service, ref, ANNA, "avsluta")
    assert "Fråga 2 av 3  [s1.aktorer]" in second


def test_bad_input_gets_polite_swedish_messages_and_nothing_is_stored(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    out = run(service, ref, ANNA, "x" * 100_000, "ändra s9.finns_inte", "steg 12", "Mål\x00\x07 i text", "avsluta")
    assert "texten är för lång (100\u00a0000 tecken, högst 40\u00a0000)" in out
    assert "Det finns ingen fråga med id «s9.finns_inte»" in out
    assert "Det finns steg 1–2." in out
    assert "Traceback" not in out
    assert service.state(process=ref, actor=ANNA).value("s1.mal").text == "Mål i text"


def test_structured_form_can_be_cancelled_and_commands_interrupt_it(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    out = run(service, ref, ANNA, "steg 2", "ja", "avbryt", "status", "ja", "Indikator A", "avsluta")
    assert "Avbrutet – inget sparades." in out
    assert "2. Definiera utfall" in out
    assert service.state(process=ref, actor=ANNA).value("s2.indikatorer") is None


def test_a_non_member_is_refused_politely(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    out = run(service, ref, EVA, "Ett svar", "status", "avsluta")
    assert "Du är inte med i processen «Skogås»" in out
    assert "Traceback" not in out


def test_editing_a_structured_answer_keeps_what_is_not_changed(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    first = {"indicators": [{"name": "Andel barn 10–12 år i ledarledd fritid", "baseline": "35 %",
                             "data_source": "Elevenkät"}]}
    service.act(process=ref, actor=ANNA, event=GoTo(2))
    service.act(process=ref, actor=ANNA, event=Answer(first))
    out = run(service, ref, ANNA, "ändra s2.indikatorer",
              "ja",  # keep the one row
              "ja", "Antal deltagartillfällen per vecka", "", "", "", "", "", "", "Föreningarnas LOK-stöd", "", "",
              "", "nej", "avsluta")
    assert "Behålla de 1 raderna i «Indikatorer»?" in out
    assert "Lägga till rad 2 i «indikatorer»?" in out
    value = service.state(process=ref, actor=ANNA).value("s2.indikatorer")
    assert [i.name for i in value.indicators] == ["Andel barn 10–12 år i ledarledd fritid",
                                                  "Antal deltagartillfällen per vecka"]
    assert value.indicators[0].baseline == "35 %"
    history = service.history(process=ref, actor=ANNA, question_id="s2.indikatorer")
    assert [v.version for v in history] == [1, 2]


def test_history_shows_a_skip_in_the_process_language(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo", language="en")
    out = run(service, ref, ANNA, "skip", "historik s1.mal", "avsluta")
    assert "v1" in out and "(skipped)" in out
    assert "(överhoppad)" not in out


def test_a_decision_on_an_unready_gate_is_recorded_only_after_confirmation(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    out = run(service, ref, ANNA, "beslut", "Styrgruppen", "2025-03-01", "Vi startar ändå.", "", "nej",
              "beslut", "Styrgruppen", "2025-03-01", "Vi startar ändå.", "", "ja", "avsluta")
    assert out.count("Registrera beslutet ändå, trots det som saknas? (ja/nej)") == 2
    between = out.split("inte redo för beslut", 1)[1].split("Registrera beslutet ändå", 1)[0]
    assert "Fråga " not in between  # the question comes right under what is missing
    assert out.count("Beslutet för steg 1 är registrerat.") == 1
    assert "registrerades trots" in out
    assert 1 in service.state(process=ref, actor=ANNA).decisions


def test_form_prompts_follow_the_process_language(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo", language="en")
    out = run(service, ref, ANNA, "steg 2", "yes", "Andel barn", "", "35 %", "", "", "", "Elevenkät", "", "", "", "",
              "no", "avsluta")
    assert "Add row 1 to «indicators»? (yes/no): " in out and "(ja/nej)" not in out
    assert "Saved (version 1)." in out


def test_guidance_from_a_chroma_server_that_is_down_is_a_message_not_a_crash(db_url, tmp_path):
    import socket

    from bot.service import CoachService
    from bot.settings import Settings
    from flows.loader import load_flow_text
    from guidance_corpus.embeddings import HashingEmbeddings
    from guidance_corpus.retrieval import HybridRetriever
    from storage.db import make_engine, migrate
    from tests.flows.conftest import TWO_STEPS

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(_env_file=None, coach_data_dir=tmp_path, coach_embeddings="fake",
                        chroma_host="127.0.0.1", chroma_port=port)
    engine = make_engine(db_url)
    migrate(engine)
    flow = load_flow_text(TWO_STEPS, "inline")
    service = CoachService(db=engine, flows={flow.id: flow},
                           retriever=lambda: HybridRetriever(settings, HashingEmbeddings()))
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    out = run(service, ref, ANNA, "vägledning", "Målet", "avsluta")
    assert f"Chroma-servern 127.0.0.1:{port} svarar inte" in out
    assert "Sparat (version 1)." in out  # the conversation went on
    assert "Traceback" not in out


def test_a_command_typed_inside_a_list_is_run_not_stored(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    out = run(service, ref, ANNA, "Målet", "KUF", "BUF", "status", "avsluta")
    assert "Sparat (version 1)." in out and "Steg 1" in out.split("BUF", 1)[1]  # status ran after the list
    assert service.state(process=ref, actor=ANNA).value("s1.aktorer").items == ["KUF", "BUF"]
    out = run(service, ref, ANNA, "tillbaka", "KUF", "BUF", "Polisen", "avsluta")
    assert out.rstrip().endswith("Allt är sparat. Fortsätt senare med samma kommando.")
    assert service.state(process=ref, actor=ANNA).value("s1.aktorer").items == ["KUF", "BUF", "Polisen"]
    run(service, ref, ANNA, "tillbaka", "Skolan", "avbryt", "avsluta")
    assert service.state(process=ref, actor=ANNA).value("s1.aktorer").items == ["KUF", "BUF", "Polisen"]


def test_fortsatt_and_status_name_the_same_next_question_after_back_and_edit(service):
    """One place: after «tillbaka» and an edit, «fortsätt» and «status» name the first open question."""
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    out = run(service, ref, ANNA, "Målet", "tillbaka", "status", "fortsätt", "ändra s1.mal", "Målet, bättre",
              "status", "avsluta")
    assert out.count("Nästa fråga (steg 1): Vilka interna och externa aktörer") == 2  # both status calls
    after_fortsatt = out.split("fortsätt", 1)[1]
    assert after_fortsatt.lstrip("\n").split("\n", 3)[1].startswith("Fråga 2 av 3  [s1.aktorer]")
    assert "Sparat (version 2)." in out and "ingen fråga att svara på" not in out
    after_edit = out.split("Sparat (version 2).", 1)[1]
    assert "Fråga 2 av 3  [s1.aktorer]" in after_edit  # the edit returns to the first open question
