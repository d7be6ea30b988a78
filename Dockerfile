# The newsfeed worker image: Python 3.11, the package with its models, a non-root user.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY streams ./streams
RUN pip install . && useradd --create-home --uid 10001 newsfeed && mkdir -p /data && chown newsfeed /data
USER newsfeed
ENV NEWSFEED_DATA_DIR=/data NEWSFEED_METRICS_HOST=0.0.0.0
EXPOSE 9108
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9108/healthz', timeout=2)"
ENTRYPOINT ["newsfeed"]
CMD ["worker"]
