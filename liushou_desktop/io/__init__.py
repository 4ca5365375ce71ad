"""Files in and out: spreadsheets (openpyxl) and, later, PDF documents (reportlab)."""
