"""The Slack adapter: a slack-bolt App over the same CoachService the terminal uses.

app.py builds the App; commands/actions/views/events/home each `register(app, deps)`; blocks.py and
modals.py are pure Block Kit builders; conversation.py keeps each step's thread up to date.
"""
