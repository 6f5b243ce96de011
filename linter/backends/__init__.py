"""Services that backend rule kinds talk to (LanguageTool); below the kinds, they import only kept, model, text."""
