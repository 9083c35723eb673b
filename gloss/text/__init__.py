"""Reading text safely: characters (CJK width, East Asian joins, reading time),
UTF-8 files with their positions, the YAML loader that keeps line and column
(``yamlsafe``), language tags and the JSON Schema check of notes (``validate``)."""
