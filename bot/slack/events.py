"""Events: a person's reply in a step thread (answer or typed command), @-mentions, App Home opened."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack import guidance
from bot.slack.blocks import help_blocks, section
from bot.slack.conversation import Where
from bot.slack.deps import Deps, slack_actor
from bot.slack.home import publish_home
from bot.slack.messages import REPLYABLE, status_blocks
from bot.slack.models import ThreadMessageIn
from bot.slack.texts import st
from bot.text_commands import parse
from flows.answers import ANSWER_TYPES
from flows.state import Answer, Back, Continue, Skip

THREAD_COMMANDS = {"skip", "back", "continue", "guidance", "status", "help"}


def unescape(text: str) -> str:
    """Slack sends message text with &, <, > escaped; store what the person typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def register(app: App, deps: Deps) -> None:
    service, conversation = deps.service, deps.conversation

    def on_message(event: dict, client: WebClient) -> None:
        reply = ThreadMessageIn.parse(event)
        if reply is None:
            return  # bot messages, edits, top-level chatter: the bot stays quiet
        thread = conversation.thread_at(reply.channel_id, reply.thread_ts)
        if thread is None:
            return  # not one of our step threads
        process = deps.process_by_id(thread.process_id)
        actor = slack_actor(reply.user_id)
        where = Where(reply.channel_id, reply.thread_ts)
        lang = process.language
        text = unescape(reply.text).strip()
        command = parse(text)

        def tell(message: str, blocks=None) -> None:
            client.chat_postEphemeral(channel=reply.channel_id, user=reply.user_id, thread_ts=reply.thread_ts,
                                      text=message, blocks=blocks or [section(message)])

        if command is not None and command.name in THREAD_COMMANDS:
            if command.name == "help":
                tell(st("help", lang), help_blocks(lang))
            elif command.name == "status":
                tell(process.name, status_blocks(service.status(process=process, actor=actor), process.language))
            elif command.name == "guidance":
                prompt = service.current_prompt(process=process, actor=actor)
                guidance.in_thread(deps, {"type": "event_callback", "event": event}, client, process, actor,
                                   prompt.question, tell)
            else:
                event_ = {"skip": Skip(), "back": Back(), "continue": Continue()}[command.name]
                result = service.act(process=process, actor=actor, event=event_)
                conversation.show_result(client, process, actor, result, where)
            return
        prompt = service.current_prompt(process=process, actor=actor)  # refuses non-members (audited)
        if prompt.kind != "question":
            tell(st("no_question", lang))
        elif prompt.step.number != thread.step_number:
            tell(st("not_in_thread", lang, n=thread.step_number, current=prompt.step.number))
        elif ANSWER_TYPES[prompt.question.type] not in REPLYABLE:
            tell(st("use_button", lang))
        else:
            result = service.act(process=process, actor=actor, event=Answer(text, question_id=prompt.question.id))
            conversation.show_result(client, process, actor, result, where)

    def on_mention(event: dict, client: WebClient) -> None:
        if event.get("thread_ts") and conversation.thread_at(event["channel"], event["thread_ts"]):
            return  # inside a step thread the message event handles it
        lang = deps.lang_for(event.get("user"), event.get("channel"))
        client.chat_postEphemeral(channel=event["channel"], user=event["user"], text=st("mention", lang),
                                  thread_ts=event.get("thread_ts"))

    def on_home(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            publish_home(client, deps, event["user"])

    app.event("message")(deps.guard(on_message))
    app.event("app_mention")(deps.guard(on_mention))
    app.event("app_home_opened")(deps.guard(on_home))
