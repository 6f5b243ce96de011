"""The text model: a document and its views (masking, paragraphs, sentences, words, quotations, positions)."""
