"""Loading the compiled translations: the app's own and Qt's (for its dialogs)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from liushou_desktop.paths import resource

_installed: list[QTranslator] = []


def install_translators(app: QCoreApplication, language: str) -> None:
    """Install ``language`` ("zh_CN", or "en" for the English source strings)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Territory.UnitedStates))
        return
    QLocale.setDefault(QLocale(language))
    own = QTranslator(app)
    if not own.load(str(resource("translations", f"liushou_{language}.qm"))):
        raise RuntimeError(f"could not load translation liushou_{language}.qm")
    qtbase = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = [own] + ([qtbase] if qtbase.load(f"qtbase_{language}", qt_dir) else [])
    for translator in loaded:
        app.installTranslator(translator)
        _installed.append(translator)


def translate_user_error(exc: object) -> str:
    """A UserError's message in the current language, parameters filled in."""
    from liushou_desktop.errors import TRANSLATION_CONTEXT, UserError

    if not isinstance(exc, UserError):
        return str(exc)
    template = QCoreApplication.translate(TRANSLATION_CONTEXT, exc.message)
    # Parameters that are vocabulary labels (roles, actions...) are translated too.
    params = {
        key: tr_vocab(value) if isinstance(value, str) else value
        for key, value in exc.params.items()
    }
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return exc.render(template)


def tr_vocab(label: str) -> str:
    """A label from :mod:`liushou_desktop.domain.vocab`, translated."""
    return QCoreApplication.translate("Vocab", label)
