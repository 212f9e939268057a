"""Plain-text primitives shared by ingest and the assistant: the one Dutch sentence
splitter (``sentences``), the one fold for comparing words (``fold``) and the letter
shingles two copies of a passage are compared by (``similarity``).

Pure functions on strings, importing nothing else of the project, so ``ingest`` and
every part of ``assistant`` can use them without depending on each other.
"""
