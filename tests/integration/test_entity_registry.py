"""Entity identity in the worker: the registry on the ordered hop links a surname to the full name
given in an earlier article from another partition, and still does after a restart (table + changelog)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.fixtures import synthetic_article
from tests.integration.support import WorkerProcess, article, send, wait_for_outputs

pytestmark = pytest.mark.integration


def _person_ids(out: dict[str, list[Any]], article_id: str) -> set[str]:
    """Ids of the people ``news.entities`` carries for one article."""
    return {key for key, value in out["entities"] if value["article_id"] == article_id and value["label"] == "PER"}


@pytest.mark.parametrize("ner_before_dedup", [False, True], ids=["ner_after_dedup", "ner_before_dedup"])
def test_surname_takes_the_full_name_id_across_partitions_and_restarts(
    worker_env: dict[str, str], ner_before_dedup: bool
) -> None:
    worker_env = {**worker_env, "NEWSFEED_NER_BEFORE_DEDUP": str(ner_before_dedup).lower()}
    worker = WorkerProcess(worker_env)
    worker.create_topics()
    worker.start()
    s = worker.settings
    full = article("full", synthetic_article(301, "fr") + "\n\nAngela Merkel a présenté le plan.", lang="fr")
    short = article("short", synthetic_article(302, "fr") + "\n\nMme Merkel a répondu aux questions.", lang="fr")
    after = article("after", synthetic_article(303, "fr") + "\n\nLa chancelière Merkel a quitté la salle.", lang="fr")
    try:
        send(s, [full], partitions=[0])
        out = wait_for_outputs(s, 1)
        assert "per:angela-merkel" in _person_ids(out, "full"), worker.log_tail()
        send(s, [short], partitions=[1])
        out = wait_for_outputs(s, 2)
        assert "per:angela-merkel" in _person_ids(out, "short"), (out["entities"], worker.log_tail())
        ways = {v["linked_by"] for k, v in out["entities"] if v["article_id"] == "short" and k == "per:angela-merkel"}
        assert ways == {"registry"}
        # The worker reports the registry's links on its next heartbeat (every 5 s).
        deadline = time.monotonic() + 30
        while 'newsfeed_entity_links_total{linked_by="registry"}' not in worker.scrape():
            assert time.monotonic() < deadline, worker.scrape()
            time.sleep(1)
        assert "newsfeed_entity_registry_keys" in worker.scrape()
    finally:
        assert worker.stop() == 0, worker.log_tail()
    restarted = WorkerProcess(worker_env)
    restarted.start()
    try:
        send(s, [after], partitions=[0])
        out = wait_for_outputs(s, 3)
        assert "per:angela-merkel" in _person_ids(out, "after"), (out["entities"], restarted.log_tail())
    finally:
        restarted.stop()
