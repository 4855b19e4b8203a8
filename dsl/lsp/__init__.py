"""The language server of `camp lsp` (pygls): diagnostics, hover, completion, navigation,
symbols and formatting for `.camp` files. Only `camp lsp` imports it, so the other commands
never load pygls."""
