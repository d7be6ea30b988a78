"""An invented news story (title and paragraphs) for the extraction evaluation tests' pages."""

TITLE = "Harbour ferries return after the winter pause"
PARAGRAPHS = [
    "The three harbour ferries of the town went back into service on Monday morning after a pause of four months, "
    "the operator said, with a new timetable that adds an evening crossing on weekdays.",
    "Passengers waiting at the north pier welcomed the return of the boats, which carry about two thousand people "
    "a day in the summer season and link the old town with the islands of the bay.",
    "The operator said the engines of two of the boats had been replaced during the pause and that tickets bought "
    "last year remain valid until the end of June.",
]
