"""The long-running worker: the Faust app and agents around the pure pipeline, the NER child process,
the supervisor, the HTTP endpoint (metrics, health), logs."""
