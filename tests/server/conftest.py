"""The Slack app served in-process (tests/slack/conftest.py) for the server tests too."""

from tests.slack.conftest import fake_slack, running, slack_engine  # noqa: F401  (fixtures)
