"""For ``spacy train --code``: registers newsfeed's own layers by importing their modules by name
(spaCy imports a ``--code`` file by path, outside the package, where dataclasses cannot be built)."""

import streams.entities.gazetteer_embed  # noqa: F401
