"""The print engine: embedded fonts with a rare-character fallback, text that wraps and
shrinks inside boxes, safe PDF writing, and the documents (contact cards, forms).

Pure reportlab, no Qt and no database: :mod:`liushou_desktop.domain.printing` gathers
the data and calls it; the GUI previews and prints the PDF it writes.
"""
