# Processcoach: the Slack app in HTTP mode under gunicorn, with the guidance index built into the image.
# Build: docker build -t processcoach:0.1.0 .      Run with PostgreSQL and Chroma: compose.yaml, docs/DEPLOY.md
FROM python:3.11-slim

# The PDF underlag (Typst, from the typst wheel): Carlito, metric-compatible with Calibri which the DOCX
# names, and DejaVu Sans for ✓ ✗, found through fontconfig (fc-match).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      fontconfig fonts-crosextra-carlito fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    COACH_DATA_DIR=/var/lib/processcoach \
    COACH_LOG_FORMAT=json

WORKDIR /opt/processcoach
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY flows ./flows
COPY storage ./storage
COPY guidance_corpus ./guidance_corpus
COPY prompts ./prompts
COPY coachtext ./coachtext
RUN pip install . && rm -rf /opt/processcoach/build

# A system user without a login or a home of its own owns only the data directory.
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/processcoach --shell /usr/sbin/nologin coach \
 && mkdir -p /var/lib/processcoach \
 && chown coach:coach /var/lib/processcoach
USER coach
WORKDIR /var/lib/processcoach

# The guidance index (the shipped guide, bundled embedding model): built now, so a new container answers
# Vägledning at once. With a Chroma server (CHROMA_HOST) the compose file's `index` job fills that instead.
RUN coach index

EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=2).status != 200)"]

# `docker run IMAGE` serves; `docker run IMAGE doctor` / `migrate` / `index` run the other commands.
ENTRYPOINT ["coach"]
CMD ["serve", "--http", "--workers", "2", "--port", "3000"]
