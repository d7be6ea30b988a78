"""Contender ``passthrough_faust``: a Faust agent that forwards every record unchanged.

``python -m streams.bench.faust_passthrough --broker B --group G --input IN --output OUT``
"""

from __future__ import annotations

from typing import Any

from streams.bench.faust_common import make_app, parse_args, raw_topics, run


def main(argv: list[str] | None = None) -> None:
    args = parse_args(__doc__.splitlines()[0], argv)
    app = make_app(args)
    source, sink = raw_topics(app, args)

    @app.agent(source, name="passthrough")
    async def passthrough(stream: Any) -> None:
        async for event in stream.events():
            await sink.send(key=event.key, value=event.value)

    run(app)


if __name__ == "__main__":
    main()
