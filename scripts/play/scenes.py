"""The scenes of the play, in order. Each takes the Stage; the first line of its docstring is its title."""

from __future__ import annotations

import json
from typing import Any

from bot.service import Actor
from tests.fixtures import skogas

from .stage import ANNA, BO, CEM, DANA, Stage

EXAMPLE = skogas()


def fill(view: dict, typed: dict[str, str], date: str = "2025-01-22") -> dict[str, Any]:
    """What Slack sends for `view`: `typed` texts by block id (a key ending in '*' fills every text input
    whose block id starts with it), dates, the first option of a required select, everything else as shown."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        kind = element["type"]
        if kind in ("plain_text_input", "number_input"):
            text = typed.get(block_id)
            if text is None:
                text = next((v for k, v in typed.items() if k.endswith("*") and block_id.startswith(k[:-1])), None)
            state = {"type": kind, "value": text if text is not None else element.get("initial_value")}
        elif kind == "datepicker":
            state = {"type": kind, "selected_date": element.get("initial_date") or date}
        elif kind == "checkboxes":  # a required box (decide despite unmet criteria) is ticked
            picked = element.get("initial_options") or ([] if block.get("optional") else element["options"])
            state = {"type": kind, "selected_options": picked}
        else:
            chosen = element.get("initial_option") or (None if block.get("optional") else element["options"][0])
            state = {"type": kind, "selected_option": chosen}
        values[block_id] = {"v": state}
    return values


def as_text(value: dict) -> str:
    return value.get("text") or "\n".join(value.get("items") or []) or value.get("choice") or ""


def step_thread(stage: Stage, step: int) -> str | None:
    posts = [a for a in stage.slack.of("chat.postMessage") if not a.get("thread_ts")
             and f"Steg {step} av 7" in json.dumps(a.get("blocks") or [], ensure_ascii=False)]
    if not posts:
        return None
    ts = posts[0]["_response"]["ts"]
    stage.threads[ts] = f"tråd steg {step}"
    return ts


def next_question(stage: Stage):
    return stage.service.next_prompt(process=stage.process(), actor=Actor(ANNA, "Anna", "slack_thread"))


def start(stage: Stage) -> None:
    """Anna starts the process with /coach ny"""
    stage.command(ANNA, "ny Meningsfull fritid i Skogås")
    stage.thread1 = step_thread(stage, 1)


def team(stage: Stage) -> None:
    """Anna adds Bo (medlem) and Cem (projektledare)"""
    stage.command(ANNA, "roll <@U2|bo> medlem")
    stage.command(ANNA, "roll <@U3|cem> projektledare")
    stage.command(CEM, "roller")


def chatter_and_first_answers(stage: Stage) -> None:
    """Chatter in the step-1 thread, Bo answers question 1, Cem answers question 2 in English"""
    t = stage.thread1
    stage.say(BO, "Hej allihop 👋 ska vi köra igång?", t)
    stage.say(CEM, "Who takes this one?", t)
    stage.say(ANNA, "<@U2> kan du ta första frågan?", t)
    stage.note(f"offered to Bo: {stage.reply_and_save(BO, t, 'Alla barn och unga i Skogås har en meningsfull fritid')}")
    stage.say(CEM, "Sorry, is it ok if I write in English?", t)
    goals = "The public health goal\nThe safety goal of the municipality"
    stage.note(f"offered to Cem: {stage.reply_and_save(CEM, t, goals)}")
    stage.say(BO, "ok 👍", t)


def out_of_order(stage: Stage) -> None:
    """Out of order: Anna answers the timeline (question 13) in its modal; Bo answers the next question"""
    view = stage.open_answer(ANNA, "s1.tidplan", stage.thread1)
    if view:
        stage.submit(ANNA, view, fill(view, {"text": "Uppstart januari 2025, beslut om insatser i oktober 2025"}),
                     "tidplan")
    stage.reply_and_save(BO, stage.thread1, "Unga 10–12 år saknar meningsfulla aktiviteter efter skolan")


def edit(stage: Stage) -> None:
    """Anna goes back to change question 1: types «ändra s1.langsiktigt_mal», then uses the Ändra button"""
    stage.say(ANNA, "ändra s1.langsiktigt_mal", stage.thread1)
    view = stage.open_answer(ANNA, "s1.langsiktigt_mal", stage.thread1)
    if view:
        stage.submit(ANNA, view, fill(view, {"text": "Alla barn och unga i Skogås har en meningsfull och trygg "
                                                     "fritid"}), "ändra långsiktigt mål")


def status_help_dm(stage: Stage) -> None:
    """Status, help and a DM: /coach status (Bo), /coach hjälp and /coach help (Cem), «hjälp» in the thread, DMs"""
    stage.command(BO, "status")
    stage.command(CEM, "hjälp")
    stage.command(CEM, "help")
    stage.say(BO, "hjälp", stage.thread1)
    stage.say(CEM, "Hi! Where do I answer the questions?", channel=f"D{CEM}")
    stage.say(BO, "hej, vad ska jag göra nu?", channel=f"D{BO}")
    stage.sender.event({"type": "app_home_opened", "user": CEM, "channel": f"D{CEM}", "tab": "home"})


def bad_input(stage: Stage) -> None:
    """Bad input: empty, blanks, emoji only, 4,000 characters, an empty modal, unknown commands, a non-member"""
    t = stage.thread1
    stage.say(BO, "", t)
    stage.say(BO, "   ", t)
    stage.say(CEM, "🎉🎉🎉", t)
    stage.note(f"offered to Bo (emoji answer): {stage.reply_and_save(BO, t, '🏃‍♀️ Idrott ⚽ och kultur 🎨 för alla')}")
    long = ("Skogås behöver fler ledarledda aktiviteter för barn 10–12 år, nära skolan och billiga. " * 60)[:4000]
    stage.note(f"offered to Cem (4,000 chars): {stage.reply_and_save(CEM, t, long)}")
    question = next_question(stage).question
    view = stage.open_answer(ANNA, question.id, t)
    if view:
        stage.submit(ANNA, view, fill(view, {"text": "", "items": ""}), f"tomt svar på {question.id}")
    for text in ("", "foo", "steg 99", "beslut x", "underlag 12", "roll <@U2|bo> kung"):
        stage.command(ANNA, text)
    stage.say(DANA, "Jag jobbar på fritidsgården, kan jag svara här?", t)
    stage.open_answer(DANA, question.id, t)
    stage.command(DANA, "status")
    stage.command(BO, "beslut 1")
    stage.command(BO, "underlag 1")


def finish_step_1(stage: Stage) -> None:
    """The team answers the rest of step 1 in the thread (reply + «Spara som svar»), rotating who answers;
    a player whose offer names another question than the one the step's parent calls next declines it and
    writes «fortsätt» once"""
    players = (ANNA, BO, CEM)
    recovered = False
    for turn in range(30):
        prompt = next_question(stage)
        if prompt.kind != "question" or prompt.step.number != 1:
            break
        value = EXAMPLE["answers"][prompt.question.id]
        who = players[turn % 3]
        if stage.reply_and_save(who, stage.thread1, as_text(value), meant=prompt.question.text):
            continue
        if recovered:
            stage.note(f"STUCK: {prompt.question.id} cannot be answered in the thread even after «fortsätt»")
            break
        stage.say(who, "fortsätt", stage.thread1)
        recovered = True


def gate_1(stage: Stage) -> None:
    """Gate 1: Anna asks for /coach underlag 1 and registers the decision with /coach beslut 1"""
    stage.command(ANNA, "underlag 1")
    since = len(stage.slack.calls)
    stage.command(ANNA, "beslut 1")
    view = stage.opened_view(since)
    if view:
        decision = EXAMPLE["decisions"]["1"]
        stage.submit(ANNA, view, fill(view, {k: v for k, v in decision.items() if k != "date"}, decision["date"]),
                     "beslut 1")
    stage.thread2 = step_thread(stage, 2)


def step_2(stage: Stage) -> None:
    """Step 2: answers by reply up to the intervention mapping and the problem tree (where teams got stuck)"""
    t = stage.thread2 or stage.thread1
    for turn in range(20):
        prompt = next_question(stage)
        if prompt.kind != "question" or prompt.question.type not in ("text", "list"):
            break
        if not stage.reply_and_save((BO, CEM, ANNA)[turn % 3], t, as_text(EXAMPLE["answers"][prompt.question.id]),
                                    meant=prompt.question.text):
            break
    prompt = next_question(stage)
    stage.note(f"next question now: {prompt.question.id if prompt.kind == 'question' else prompt.kind}")
    if prompt.kind == "question" and prompt.question.type == "intervention_mapping":
        stage.note(f"Bo tries to answer {prompt.question.id} in the thread: offered = "
                   f"{stage.reply_and_save(BO, t, 'Fritidsgårdarna och klubbverksamheten, KUF, universell nivå')}")
        view = stage.open_answer(ANNA, prompt.question.id, t)
        if view:
            stage.submit(ANNA, view, fill(view, {"interventions.0.name": "Klubbverksamhet för 10–12-åringar",
                                                 "interventions.0.organisation": "KUF",
                                                 "interventions.0.reach": "ca 60 barn per vecka"}), "insatser")
    for turn in range(10):
        prompt = next_question(stage)
        if prompt.kind != "question" or prompt.question.type not in ("text", "list"):
            break
        if not stage.reply_and_save((CEM, ANNA, BO)[turn % 3], t, as_text(EXAMPLE["answers"][prompt.question.id]),
                                    meant=prompt.question.text):
            break


def problem_tree(stage: Stage) -> None:
    """The problem tree: Cem tries to answer it in the thread in English, then in its (English) form, then Anna
    fills the (Swedish) modal"""
    t = stage.thread2 or stage.thread1
    prompt = next_question(stage)
    stage.note(f"next question now: {prompt.question.id if prompt.kind == 'question' else prompt.kind}")
    stage.note(f"Cem replies under it: offered = "
               f"{stage.reply_and_save(CEM, t, 'Main problem: kids 10-12 do not join any organised activities')}")
    cem_view = stage.open_answer(CEM, "s2.problemtrad", t)  # his Slack speaks English: so does the form
    if cem_view:
        _, body = stage.submit(CEM, cem_view, fill(cem_view, {"consequences.0.text": "Worse health",
                                                              "causes.0.text": "   "}), "problem tree, half done")
        refused = json.loads(body).get("errors") if body else None
        stage.note("Cem's form answers: " + ("; ".join(f"{k}: {v}" for k, v in refused.items()) if refused
                                             else "nothing refused, saved"))
    stage.say(BO, "Hur fyller man i problemträdet? Jag hittar inte var rotorsakerna ska stå", t)
    view = stage.open_answer(ANNA, "s2.problemtrad", t)
    if not view:
        return
    typed = {"problem": "Barn 10–12 år i Skogås deltar inte i ledarledda fritidsaktiviteter",
             "consequences.0.text": "Sämre hälsa", "causes.0.text": "Utbudet passar inte åldersgruppen",
             "root_causes.0.cause": "För få nybörjargrupper för 10–12 år"}
    stage.submit(ANNA, view, fill(view, typed), "problemträd")
    prompt = next_question(stage)
    stage.note(f"next question after the tree: {prompt.question.id if prompt.kind == 'question' else prompt.kind}")
    stage.command(CEM, "status")


def indicator_form(stage: Stage) -> None:
    """Invalid numbers in the indicator form (step 3, opened ahead through its Svara button)"""
    view = stage.open_answer(ANNA, "s3.indikatorer", stage.thread2)
    if view:
        ids = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
        stage.note(f"indicator modal inputs: {ids}")
        _, body = stage.submit(ANNA, view, fill(view, {"indicators.0.name": "Andel barn som deltar",
                                                       "indicators.0.baseline": "tio procent?",
                                                       "indicators.0.target": "-5", "indicators.0.change": "1e9",
                                                       "indicators.0.by_when": "igår"}),
                               "indikatorer med ogiltiga tal")
        refused = json.loads(body).get("errors") if body else None
        stage.note("the form answers: " + ("; ".join(f"{k}: {v}" for k, v in refused.items()) if refused
                                           else "nothing refused, saved"))


ALL = [start, team, chatter_and_first_answers, out_of_order, edit, status_help_dm, bad_input, finish_step_1, gate_1,
       step_2, problem_tree, indicator_form]
