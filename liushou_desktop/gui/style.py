"""The application style sheet: roomy, high-contrast, easy to hit with a mouse."""

STYLE_SHEET = """
QListWidget#navigation { font-weight: bold; padding: 4px; }
QListWidget#navigation::item { padding: 10px 14px; border-radius: 4px; }
QListWidget#navigation::item:selected { background: #1f6fb2; color: white; }
QFrame#figure { background: white; border: 1px solid #c8c8c8; border-radius: 6px; }
QPushButton { padding: 6px 16px; }
QLineEdit { padding: 4px; }
QTableView { gridline-color: #d0d0d0; }
"""
