# The service image for docker compose; Neo4j runs in its own container.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphsvc graphsvc
COPY loaders loaders
COPY queries queries
COPY data data
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["graphsvc", "up", "--data", "data/moscow"]
