"""What both methods share once notes are written: sorting them under headings on the one
sorting board, proposals with their track, and IGLO plans from a heading."""
