"""Messages per answered question in a step thread: the real bolt App (HTTP mode, signed requests) against
the fake Slack Web API, SQLite in a temp dir.

A team of three answers all 20 questions of step 1 through the thread: each answer is a reply followed by
its author's click on «Spara som svar» (the ephemeral offer); every third answer goes through the Svara
modal instead; there is chatter between answers ("???", a question to a colleague) and two edits at the
end. Counted: new bot messages in the step-1 thread (chat.postMessage), messages updated in place
(chat.update), ephemerals (seen only by one person).

    python benchmarks/slack_messages.py [--show] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.service import CoachService  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack.app import build_app  # noqa: E402
from flows.loader import get_flow  # noqa: E402
from guidance_corpus.base import InMemoryRetriever  # noqa: E402
from storage.db import make_engine, migrate  # noqa: E402
from tests.fixtures import skogas  # noqa: E402
from tests.slack.app_server import AppServer  # noqa: E402
from tests.slack.conftest import SECRET, Running  # noqa: E402
from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.signed import SlackSender  # noqa: E402
from tests.slack.test_e2e_flow import answer_by_reply, reply, start  # noqa: E402
from tests.slack.test_e2e_team import ANNA, BO, CIA, add_team, submit_text  # noqa: E402

CHATTER = ("???", f"<@{BO}> kan du ta den här?", "👍")


def run(show: bool) -> dict:
    slack = FakeSlack()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'coach.db'}")
        migrate(engine)
        flow = get_flow()
        service = CoachService(db=engine, flows={flow.id: flow}, retriever=lambda: InMemoryRetriever([]))
        settings = Settings(_env_file=None, slack_bot_token="xoxb-bench", slack_signing_secret=SECRET,
                            slack_api_url=slack.url.rstrip("/"), slack_app_token=None)
        server = AppServer(build_app(settings, service, engine, flow_id=flow.id), host="127.0.0.1", port=0)
        server.start_in_thread()
        running = Running(slack, SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET), engine,
                          service)
        try:
            started = time.perf_counter()
            thread_ts, _ = start(running)
            add_team(running)
            example = skogas()["answers"]
            questions = flow.step(1).questions()
            for index, question in enumerate(questions):
                value = example[question.id]
                text = value.get("text") or "\n".join(value.get("items") or []) or value.get("choice")
                user = (ANNA, BO, CIA)[index % 3]
                reply(running, thread_ts, CHATTER[index % len(CHATTER)], user=(CIA, ANNA, BO)[index % 3])
                if index % 3 == 2 and question.type in ("text", "list"):
                    submit_text(running, question.id, text, user)
                else:
                    answer_by_reply(running, thread_ts, text, user=user)
            submit_text(running, "s1.tidplan", "Uppstart januari 2025, beslut om insatser i oktober", BO)
            submit_text(running, "s1.styrforum", "Områdesstyrgruppen Skogås", CIA)
            elapsed = time.perf_counter() - started
            posts = [a for a in slack.of("chat.postMessage") if a.get("thread_ts") == thread_ts]
            updates = [a for a in slack.of("chat.update")]
            ephemerals = [a for a in slack.of("chat.postEphemeral") if a.get("thread_ts") == thread_ts]
            answered = len(questions) + 2
            if show:
                print("--- the step-1 thread as the team sees it (new bot messages, newest version) ---")
                latest = {a["ts"]: a["text"] for a in updates}
                for post in posts:
                    print("•", latest.get(post["_response"]["ts"], post["text"])[:110].replace("\n", " "))
            return {"answers_and_edits": answered, "thread_bot_messages": len(posts),
                    "messages_per_answer": round(len(posts) / answered, 2),
                    "updated_in_place": len(updates), "ephemerals_in_thread": len(ephemerals),
                    "seconds": round(elapsed, 2)}
        finally:
            server.shutdown()
            server.server_close()
            slack.stop()
            engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the thread's bot messages")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.show)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['answers_and_edits']} answers and edits in step 1 → {result['thread_bot_messages']} new bot "
              f"messages in the thread ({result['messages_per_answer']} per answer); {result['updated_in_place']} "
              f"updates in place; {result['ephemerals_in_thread']} ephemerals; {result['seconds']} s")


if __name__ == "__main__":
    main()
