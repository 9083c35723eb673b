"""The quote-anchoring accuracy benchmark as a package: ``material`` (data files), ``model``,
``quoting``, ``edits``, ``classify``, ``report``; run it with benchmarks/anchoring_accuracy.py."""
