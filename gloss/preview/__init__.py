"""The preview: ``watch`` turns file events into rebuilds; ``serve`` serves the
site on loopback with live reload (``live/live.js``), the annotation helper
(``live/annotate.js``) and annotating in the page (``live/notes.js``, writing
notes.yaml through ``notesapi``/``notewrite``, against what ``ledger`` says each
page was built from), checking the Host header."""
