"""The builds, beside the stages: ``pipeline`` runs load -> parse -> resolve ->
render -> write in memory (what ``serve`` uses), ``collect``/``pages``/``stream``
run the streamed build whose cost follows what changed, and ``incremental``
keeps the bookkeeping (keys, digests, what a build may skip)."""
