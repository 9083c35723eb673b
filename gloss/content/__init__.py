"""The content model: ``site.yaml`` (``config``), the typed notes model
(``notes``), a bundle loaded from disk (``load``), the frozen view objects the
templates see (``views``), draft placeholders and the theme's files."""
