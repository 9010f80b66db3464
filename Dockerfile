# The service image for docker compose; Neo4j runs in its own container.
FROM python:3.11-slim
WORKDIR /app
# PyICU (transliteration, through rigour and followthemoney) is built from source
# against the system's ICU.
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential pkg-config libicu-dev \
 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md requirements.lock ./
COPY graphsvc graphsvc
COPY loaders loaders
COPY queries queries
COPY data data
# The versions the tests ran with: the lock as constraints, without the dev tools.
RUN pip install --no-cache-dir -c requirements.lock .
EXPOSE 8000
CMD ["graphsvc", "up", "--data", "data/moscow"]
