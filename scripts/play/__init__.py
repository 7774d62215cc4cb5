"""The team play (scripts/play_team.py): the stage, the scenes and the transcript."""
