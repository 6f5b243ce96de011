"""The faces over the core: command line, language server, doctor, rule docs, reports and output formats."""
