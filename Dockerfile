# Gương Dân vận: the app image. docker-compose.yml runs it with PostgreSQL and Meilisearch.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    GDV_DATA_DIR=/var/lib/gdv/data \
    GDV_MEDIA_DIR=/var/lib/gdv/media

WORKDIR /build
COPY pyproject.toml ./
COPY src ./src
COPY migrations ./migrations
# A plain install: the migrations, templates and static files ship inside the package.
RUN pip install . \
    && rm -rf /build \
    && useradd --system --home /var/lib/gdv gdv \
    && mkdir -p /var/lib/gdv/data /var/lib/gdv/media \
    && chown -R gdv /var/lib/gdv

USER gdv
WORKDIR /var/lib/gdv
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"
# Migrations run before serving; GDV_* variables choose the database and the search engine.
CMD ["gdv", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
