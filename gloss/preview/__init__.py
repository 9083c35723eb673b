"""The preview: ``watch`` turns file events into rebuilds; ``serve`` serves the
site on loopback with live reload (``live/live.js``) and the annotation helper
(``live/annotate.js``), checking the Host header."""
