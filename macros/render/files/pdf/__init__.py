"""The edition as one PDF document: its HTML (document.py, sections.py, links.py), print style (style.py), WeasyPrint (writer.py)."""
