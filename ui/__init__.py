"""The browser UI of Netwerkwijzer (Gradio), mounted next to the REST API by ``app.py``.

- ``state``: the app-wide state (the Assistant, or how far building the index is) and
  the per-session conversation;
- ``render``: pure functions Answer/Passage/Mozaiek → HTML, every outside text escaped;
- ``feedback``: thumbs up/down stored in SQLite, exported as CSV;
- ``export``: a conversation as Markdown and DOCX;
- ``handout``: the Lesmateriaal handout for chosen building blocks;
- ``layout``: the ``gr.Blocks`` and its event handlers (the only module importing gradio).
"""
