"""HTTP mode as a service: the WSGI app (border checks, Slack dispatch, health, metrics), JSON request logs,
and the gunicorn server that runs it with several workers (`coach serve --http --workers N`)."""
