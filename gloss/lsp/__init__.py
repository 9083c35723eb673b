"""gloss lsp: the language server for notes.yaml, index.md and original.md."""
