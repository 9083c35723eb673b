"""Quote anchoring: where a ``quote:`` lands in a document's text. Folding text
for comparison (``fold``), similarity (``alike``), exact and fuzzy matching
(``quotes``), following a passage through a word diff (``follow``) of the git
history (``history``), and the rules that decide an anchor (``anchors``)."""
