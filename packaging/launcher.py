"""The frozen program's entry point: runs the package's ``__main__`` (= ``python -m
liushou_desktop`` = the ``liushou-desktop`` console script).

A script inside the package folder would put that folder on ``sys.path`` while
PyInstaller analyses it, and the package's ``io`` would shadow the standard library's,
so the entry point lives here and imports the package's ``__main__``, which runs
``sys.exit(cli.main())``.
"""

import liushou_desktop.__main__  # noqa: F401
