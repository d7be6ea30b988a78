"""Command-line tools: the ``newsfeed`` command, the local broker, the console producer/consumer, the demo."""
