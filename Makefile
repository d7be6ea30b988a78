.PHONY: run stop test unit lint install bench
install:            ## create .venv and install newsfeed with its test tools
	bash ops/bootstrap.sh
run:                ## the main job locally: broker, topics, worker, example articles
	bash ops/run-local.sh
stop:               ## stop the local worker and broker started by `make run`
	.venv/bin/newsfeed demo stop
test:               ## the whole test suite against a real local Kafka broker
	bash ops/test.sh
unit:               ## unit tests only (no broker)
	bash ops/bootstrap.sh && .venv/bin/python -m pytest -p no:cacheprovider tests/unit
lint:
	.venv/bin/ruff check streams tests examples && .venv/bin/mypy streams tests examples
bench:              ## throughput/latency against baselines on the local broker (quick mode)
	.venv/bin/newsfeed bench --quick
