"""The base every other package stands on, importing nothing of gloss: URLs made
in one place (``urls``), diagnostics (``path:line:col: message``), the ``Output``
file record, the persistent cache folder and the page chrome's words (``strings``)."""
