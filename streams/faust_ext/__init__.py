"""What newsfeed adds to faust-streaming and aiokafka for exactly-once processing (see README.md here).

Every private name of faust or aiokafka used anywhere is read through :mod:`streams.faust_ext.compat`.
"""
