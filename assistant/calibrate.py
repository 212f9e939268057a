"""`python -m assistant.calibrate` (make calibrate): starts ``assistant.eval.calibrate``,
which fits the sentence ranker and the answerability model."""

from __future__ import annotations

import sys

from assistant.eval.calibrate import main

if __name__ == "__main__":
    sys.exit(main())
