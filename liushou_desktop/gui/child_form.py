"""The child's record (档案) dialog: tabs in the order of the paper registration form.

Opened from the children list for a new child or an existing one. Saving goes through
:meth:`ChildrenService.save`; a message appears in red under each field to correct and
the tab holding the first one is shown. A role that may not edit sees the record
read-only. Widgets carry object names (``childForm``, ``field_<name>``, ``error_<name>``,
``eligibility``, ``timeline``...) for tests and screenshots.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.child_records import (
    CHILD_FORM_FIELDS,
    PHOTO_MAX_BYTES,
    ChildForm,
    DuplicateCandidate,
    FieldErrors,
    GuardianForm,
    TimelineEntry,
    merge_forms,
)
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.eligibility import TRANSLATION_CONTEXT, assess
from liushou_desktop.domain.permissions import RECORD_CONSENT, Actor, allowed
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.child_form_tabs import (
    ConsentDialog,
    FamilyPicker,
    FormBuilder,
    StatusDialog,
)
from liushou_desktop.gui.field_labels import history_field_label
from liushou_desktop.gui.formatting import local_time
from liushou_desktop.gui.pages.common import error_label
from liushou_desktop.gui.translations import tr_vocab, translate_user_error

PHOTO_SIDE = 240
PHOTO_QUALITIES = (70, 55, 40, 25)
PARENTS = ("father", "mother")
GRANDPARENTS = (
    "paternal_grandfather",
    "paternal_grandmother",
    "maternal_grandfather",
    "maternal_grandmother",
)


def scale_photo(path: str) -> bytes | None:
    """The image at ``path`` scaled to at most 240 px a side, as JPEG (quality ~70, lower
    if needed) under PHOTO_MAX_BYTES; None if the file is not an image."""
    image = QImage(path)
    if image.isNull():
        return None
    if max(image.width(), image.height()) > PHOTO_SIDE:
        image = image.scaled(
            PHOTO_SIDE,
            PHOTO_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = b""
    for quality in PHOTO_QUALITIES:
        array = QByteArray()
        buffer = QBuffer(array)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "JPEG", quality)
        buffer.close()
        data = bytes(array.data())
        if len(data) <= PHOTO_MAX_BYTES:
            break
    return data


def ask_duplicate(parent: QWidget | None, duplicates: tuple[DuplicateCandidate, ...]) -> str:
    """ "open" (the existing record), "keep" (both) or "cancel"; tests patch this."""
    lines = [
        f"{d.name}  {d.birth_date.isoformat() if d.birth_date else ''}  {d.class_name}  "
        f"{tr_vocab(vocab.CHILD_STATUSES.get(d.status, d.status))}"
        for d in duplicates
    ]
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("ChildFormDialog", "Possible duplicate"))
    box.setText(
        QCoreApplication.translate(
            "ChildFormDialog",
            "This child may already be in the archive:\n{children}\n\nOpen the existing record "
            "(what you typed fills its empty fields), or keep both as different children?",
        ).format(children="\n".join(lines))
    )
    open_button = box.addButton(
        QCoreApplication.translate("ChildFormDialog", "Open the existing record"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    keep_button = box.addButton(
        QCoreApplication.translate("ChildFormDialog", "Keep both"),
        QMessageBox.ButtonRole.ActionRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return "open" if clicked is open_button else "keep" if clicked is keep_button else "cancel"


class ChildFormDialog(QDialog):
    """One child's record; ``saved_child_id`` is set once a save succeeded."""

    def __init__(
        self,
        service: ChildrenService,
        actor: Actor,
        child_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("childForm")
        self._service, self._actor = service, actor
        self._allow_duplicate = False
        self.saved_child_id: str | None = None
        form = service.editable(actor, child_id) if child_id else service.new_form(actor)
        self._form = form
        self._photo: bytes | None = None
        self.setWindowTitle(self.tr("Child's record") if child_id else self.tr("New child"))
        self.resize(980, 680)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("childFormTabs")
        self.builder = FormBuilder(self.tabs)
        self._build_child_tab()
        self._build_family_tab()
        self._build_guardianship_tab()
        self._build_economy_tab()
        if form.can_see_health:
            self._build_health_tab()
        self._build_care_tab()
        self.timeline_table: QTableWidget | None = None
        if child_id:
            self._build_history_tab()

        self.message = error_label(self)
        self.message.setObjectName("formMessage")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.load(form)
        if form.read_only:
            self._make_read_only()
        birth = self.builder.bindings["birth_date"].widget
        assert isinstance(birth, QLineEdit)
        birth.editingFinished.connect(self._update_eligibility)
        for key in ("both_parents_away", "one_parent_away_other_unable"):
            combo = self.builder.bindings[key].widget
            assert isinstance(combo, QComboBox)
            combo.currentIndexChanged.connect(self._update_eligibility)
        self.builder.bindings["name"].widget.setFocus()

    # --- building the tabs ---------------------------------------------------------

    def _build_child_tab(self) -> None:
        b = self.builder
        layout = b.tab(self.tr("Child"), "tabChild")
        top = QHBoxLayout()
        form = QFormLayout()
        top.addLayout(form, 1)
        b.line(form, self.tr("Name"), "name")
        b.combo(form, self.tr("Sex"), "sex", vocab.SEX)
        b.line(form, self.tr("Ethnicity"), "ethnicity", self.tr("e.g. 汉族"))
        b.date(form, self.tr("Birth date"), "birth_date")
        id_edit = b.line(form, self.tr("ID number"), "id_number")
        id_edit.setReadOnly(not self._form.can_see_full_id)
        b.line(form, self.tr("Student number"), "student_number")
        class_edit = b.line(form, self.tr("Class"), "class_name", self.tr("e.g. 一年级1班"))
        names = [name for _id, _grade, name in self._service.class_choices(self._actor)]
        class_edit.setCompleter(QCompleter(names, class_edit))
        b.yes_no(form, self.tr("Household registered"), "hukou_registered")
        b.line(form, self.tr("Household registration place"), "hukou_place")
        b.line(form, self.tr("Current address"), "current_address")
        b.check(form, self.tr("Boards at school"), "boarding")
        b.combo(form, self.tr("Schooling"), "schooling_stage", vocab.SCHOOLING_STAGES)
        side = QVBoxLayout()
        self.photo_label = QLabel(self)
        self.photo_label.setObjectName("photoPreview")
        self.photo_label.setFixedSize(160, 200)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #c8c8c8;")
        self.photo_button = QPushButton(self.tr("Choose photo…"), self)
        self.photo_button.setObjectName("choosePhotoButton")
        self.photo_button.clicked.connect(self._choose_photo)
        self.remove_photo_button = QPushButton(self.tr("Remove photo"), self)
        self.remove_photo_button.clicked.connect(lambda: self.set_photo(None))
        self.photo_error = error_label(self)
        self.photo_error.setObjectName("error_photo")
        side.addWidget(self.photo_label)
        side.addWidget(self.photo_button)
        side.addWidget(self.remove_photo_button)
        side.addWidget(self.photo_error)
        self.link_button = QPushButton(self.tr("Same family as…"), self)
        self.link_button.setObjectName("linkFamilyButton")
        self.link_button.setToolTip(
            self.tr("A brother or sister is already entered: share their family and guardians")
        )
        self.link_button.clicked.connect(self._pick_family)
        self.link_button.setVisible(self._form.child_id is None)
        side.addWidget(self.link_button)
        side.addStretch(1)
        top.addLayout(side)
        layout.addLayout(top)
        layout.addStretch(1)

    def _person(self, layout: QVBoxLayout, relation: str, title: str) -> None:
        b = self.builder
        form = b.form(layout, title)
        key = relation + "."
        b.line(form, self.tr("Name"), key + "name")
        if relation == "other":
            b.line(form, self.tr("Relation to the child"), key + "relation_note")
        b.date(form, self.tr("Birth date"), key + "birth_date")
        b.line(form, self.tr("ID number"), key + "id_number").setReadOnly(
            not self._form.can_see_full_id
        )
        b.line(form, self.tr("Phone"), key + "phone").setReadOnly(not self._form.can_see_phones)
        if relation in PARENTS:
            b.check(form, self.tr("Works away from home"), key + "works_away")
            b.line(form, self.tr("Works in province"), key + "work_province")
            b.line(form, self.tr("Works in city"), key + "work_city")
            b.line(form, self.tr("Employer"), key + "employer")
            b.line(form, self.tr("Employer's address"), key + "employer_address")
            b.line(form, self.tr("Employer's phone"), key + "employer_phone").setReadOnly(
                not self._form.can_see_phones
            )
        else:
            b.line(form, self.tr("Address"), key + "address")
            b.line(form, self.tr("Occupation"), key + "occupation")
            b.line(form, self.tr("Health"), key + "health")

    def _build_family_tab(self) -> None:
        b = self.builder
        layout = b.tab(self.tr("Family members"), "tabFamily")
        form = b.form(layout)
        b.line(form, self.tr("Home address"), "address")
        b.line(form, self.tr("Home phone"), "home_phone").setReadOnly(not self._form.can_see_phones)
        for relation in (*PARENTS, *GRANDPARENTS):
            self._person(layout, relation, tr_vocab(vocab.RELATIONS[relation]))

    def _build_guardianship_tab(self) -> None:
        b = self.builder
        layout = b.tab(self.tr("Guardianship"), "tabGuardianship")
        form = b.form(layout)
        b.yes_no(form, self.tr("Both parents work away"), "both_parents_away")
        b.yes_no(
            form,
            self.tr("One parent away, the other unable to look after the child"),
            "one_parent_away_other_unable",
        )
        parents = {r: vocab.RELATIONS[r] for r in PARENTS}
        b.combo(form, self.tr("Which parent is unable"), "unable_parent", parents)
        b.combo(form, self.tr("Guardianship"), "guardianship_type", vocab.GUARDIANSHIP_TYPES)
        self.entrusted = b.combo(
            form, self.tr("Entrusted guardian"), "entrusted", vocab.RELATIONS, empty=""
        )
        self.eligibility_label = QLabel(self)
        self.eligibility_label.setObjectName("eligibility")
        self.eligibility_label.setWordWrap(True)
        form.addRow(self.tr("Counted as left-behind?"), self.eligibility_label)
        self._person(
            layout, "other", self.tr("Entrusted guardian who is not a parent or grandparent")
        )
        layout.addStretch(1)

    def _build_economy_tab(self) -> None:
        b = self.builder
        layout = b.tab(self.tr("Income and assistance"), "tabEconomy")
        form = b.form(layout)
        b.checks(form, self.tr("Family income sources"), "income_sources", vocab.INCOME_SOURCES)
        b.checks(form, self.tr("Assistance received"), "assistance", vocab.ASSISTANCE)
        layout.addStretch(1)

    def _build_health_tab(self) -> None:
        b = self.builder
        layout = b.tab(self.tr("Health"), "tabHealth")
        form = b.form(layout)
        b.combo(form, self.tr("Health"), "health", vocab.HEALTH, empty="healthy")
        b.line(form, self.tr("Disability type"), "disability_type")
        b.line(form, self.tr("Disability grade"), "disability_grade")
        b.line(form, self.tr("Illness"), "illness_type")
        b.text(form, self.tr("Medical history"), "medical_history")
        layout.addStretch(1)

    def _build_care_tab(self) -> None:
        b = self.builder
        layout = b.tab(self.tr("Care plan"), "tabCare")
        form = b.form(layout)
        b.checks(form, self.tr("Categories"), "categories", vocab.CATEGORIES)
        b.line(form, self.tr("Hobbies"), "hobbies")
        b.line(form, self.tr("Personality"), "personality")
        b.text(form, self.tr("What the child needs"), "care_needs")
        b.text(form, self.tr("What the school does"), "care_measures")
        mentors = dict(self._service.mentor_choices(self._actor))
        b.combo(form, self.tr("Responsible mentor"), "mentor_id", mentors, None, False)
        layout.addStretch(1)

    def _build_history_tab(self) -> None:
        layout = self.builder.tab(self.tr("History"), "tabHistory")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        row = QHBoxLayout()
        row.addWidget(self.status_label, 1)
        self.status_button = QPushButton(self.tr("Change status…"), self)
        self.status_button.setObjectName("changeStatusButton")
        self.status_button.clicked.connect(self._ask_status)
        self.confirm_button = QPushButton(self.tr("Confirm the record is still true"), self)
        self.confirm_button.setObjectName("confirmButton")
        self.confirm_button.clicked.connect(self.confirm_record)
        self.consent_button = QPushButton(self.tr("Record the guardian's consent…"), self)
        self.consent_button.setObjectName("consentButton")
        self.consent_button.clicked.connect(self._ask_consent)
        self.consent_button.setVisible(allowed(self._actor, RECORD_CONSENT))
        row.addWidget(self.status_button)
        row.addWidget(self.confirm_button)
        row.addWidget(self.consent_button)
        layout.addLayout(row)
        table = QTableWidget(0, 3, self)
        table.setObjectName("timeline")
        table.setHorizontalHeaderLabels([self.tr("When"), self.tr("What"), self.tr("By")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.setColumnWidth(0, 170)
        table.setColumnWidth(1, 560)
        self.timeline_table = table
        layout.addWidget(table, 1)
        self.refresh_timeline()

    # --- loading and reading the fields ---------------------------------------------

    def load(self, form: ChildForm) -> None:
        """Show ``form`` in the fields (and remember it as the unchanged state)."""
        self._form = form
        for key, binding in self.builder.bindings.items():
            binding.put(self._value(form, key))
        self.set_photo(form.photo)
        self._clear_errors()
        self._update_eligibility()
        self._baseline = self._snapshot()

    @staticmethod
    def _value(form: ChildForm, key: str) -> Any:
        if key == "entrusted":
            return next((g.relation for g in form.guardians if g.is_entrusted_guardian), "")
        relation, dot, name = key.partition(".")
        if not dot:
            return getattr(form, key)
        person = next((g for g in form.guardians if g.relation == relation), None)
        return getattr(person or GuardianForm(relation), name)

    def collect(self) -> tuple[ChildForm, list[tuple[str, UserError]]]:
        """The form as typed, and the fields that cannot be read (a bad date)."""
        form = copy.deepcopy(self._form)
        errors: list[tuple[str, UserError]] = []
        for key, binding in self.builder.bindings.items():
            try:
                value = binding.get()
            except UserError as exc:
                errors.append((key, exc))
                continue
            if key == "entrusted":
                for person in form.guardians:
                    person.is_entrusted_guardian = person.relation == value
                if value:
                    form.guardian(value).is_entrusted_guardian = True
                continue
            relation, dot, name = key.partition(".")
            if dot:
                setattr(form.guardian(relation), name, value)
            else:
                setattr(form, key, value)
        form.photo = self._photo
        return form, errors

    def _snapshot(self) -> tuple[Any, ...]:
        return (*(b.raw() for b in self.builder.bindings.values()), self._photo)

    def is_edited(self) -> bool:
        return self._snapshot() != self._baseline

    # --- saving ------------------------------------------------------------------

    def save(self) -> bool:
        """Save the record; on success the dialog closes. Returns whether it was saved."""
        self._clear_errors()
        form, errors = self.collect()
        if errors:  # fields that cannot be read: show them with what the service finds
            unread = {key for key, _error in errors}
            checked = self._service.validate(self._actor, form)
            self._show_errors(errors + [e for e in checked if e[0] not in unread])
            return False
        try:
            result = self._service.save(self._actor, form, self._allow_duplicate)
        except FieldErrors as exc:
            self._show_errors(exc.errors)
            return False
        except UserError as exc:
            self.message.setText(translate_user_error(exc))
            return False
        if not result.saved:
            choice = ask_duplicate(self, result.duplicates)
            if choice == "keep":
                self._allow_duplicate = True
                return self.save()
            if choice == "open":
                existing = self._service.editable(self._actor, result.duplicates[0].id)
                self.load(merge_forms(existing, form))
                self._baseline = ()  # what was typed is not saved yet
                self.link_button.hide()
                self.message.setText(
                    self.tr(
                        "This is the existing record; what you typed fills its empty "
                        "fields. Check it and save."
                    )
                )
            return False
        self.saved_child_id = result.child_id
        self._baseline = self._snapshot()
        self.accept()
        return True

    def _clear_errors(self) -> None:
        for binding in self.builder.bindings.values():
            binding.error.clear()
            binding.error.hide()
        self.photo_error.clear()
        self.message.clear()

    def _show_errors(self, errors: list[tuple[str, UserError]]) -> None:
        """Each message under its field; the first tab holding one is shown."""
        first: tuple[int, int] | None = None  # (tab, position in the form)
        order = list(self.builder.bindings)
        for key, error in errors:
            binding = self.builder.bindings.get(key)
            text = translate_user_error(error)
            if binding is None:
                (self.photo_error if key == "photo" else self.message).setText(text)
                continue
            binding.error.setText(text)
            binding.error.show()
            place = (binding.tab, order.index(key))
            first = place if first is None else min(first, place)
        if first is not None:
            self.tabs.setCurrentIndex(first[0])
            self.builder.bindings[order[first[1]]].widget.setFocus()
        elif any(key == "photo" for key, _error in errors):
            self.tabs.setCurrentIndex(0)
        if not self.message.text():
            self.message.setText(self.tr("The record was not saved: correct the fields in red."))

    def reject(self) -> None:
        """Cancel (also Esc): asks first when something was typed."""
        if (
            not self._form.read_only
            and self.is_edited()
            and not dialogs.ask_yes_no(
                self,
                self.tr("Discard changes?"),
                self.tr("You changed this record. Close it without saving the changes?"),
            )
        ):
            return
        super().reject()

    def _make_read_only(self) -> None:
        for binding in self.builder.bindings.values():
            binding.set_read_only(True)
        self.save_button.hide()
        for button in (self.photo_button, self.remove_photo_button, self.link_button):
            button.hide()
        if self.timeline_table is not None:
            self.status_button.hide()
            self.confirm_button.hide()
            self.consent_button.hide()

    # --- photo, eligibility, family ------------------------------------------------

    def _choose_photo(self) -> None:
        path = dialogs.choose_open_file(
            self, self.tr("Choose a photo"), self.tr("Images (*.jpg *.jpeg *.png *.bmp)")
        )
        if path is None:
            return
        data = scale_photo(str(path))
        if data is None:
            self.photo_error.setText(self.tr("This file is not a picture: choose a photo."))
            return
        self.set_photo(data)

    def set_photo(self, data: bytes | None) -> None:
        self._photo = data
        self.photo_error.clear()
        if data:
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            self.photo_label.setPixmap(
                pixmap.scaled(
                    self.photo_label.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.photo_label.clear()
            self.photo_label.setText(self.tr("No photo"))

    def _update_eligibility(self) -> None:
        values: dict[str, Any] = {}
        for key in ("birth_date", "both_parents_away", "one_parent_away_other_unable"):
            try:
                values[key] = self.builder.bindings[key].get()
            except UserError:
                values[key] = None
        today = date.today()
        result = assess(
            values["birth_date"],
            today,
            values["both_parents_away"],
            values["one_parent_away_other_unable"],
        )
        answer = self.tr("Yes") if result.counted else self.tr("No")
        reasons = result.rendered(lambda text: _translate_eligibility(text))
        self.eligibility_label.setText(f"{answer}. " + " ".join(reasons))

    def _pick_family(self) -> None:
        picker = FamilyPicker(self._service, self._actor, self)
        if picker.exec() == QDialog.DialogCode.Accepted and picker.chosen:
            self.link_family(picker.chosen)

    def link_family(self, sibling_id: str) -> None:
        """Share the family (address, phones, guardians) of an already entered child."""
        typed, _errors = self.collect()
        linked = self._service.new_form(self._actor, link_family_of=sibling_id)
        for name in (*CHILD_FORM_FIELDS, "class_name"):
            value = getattr(typed, name)
            if value not in ("", None, []) or name not in ("current_address", "hukou_place"):
                setattr(linked, name, value)
        baseline = self._baseline
        self.load(linked)
        self._baseline = baseline

    # --- status and history ----------------------------------------------------------

    def _ask_status(self) -> None:
        dialog = StatusDialog(self._form.status, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value:
            self.change_status(*dialog.result_value)

    def change_status(self, status: str, on: date, note: str) -> bool:
        try:
            self._service.change_status(self._actor, self._form.child_id or "", status, on, note)
        except UserError as exc:
            self.message.setText(translate_user_error(exc))
            return False
        self._form.status = status
        self.refresh_timeline()
        return True

    def _ask_consent(self) -> None:
        dialog = ConsentDialog(self._entrusted_guardian(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value:
            self.record_consent(*dialog.result_value)

    def _entrusted_guardian(self) -> str:
        """The name typed for the entrusted guardian (委托监护人), to suggest as the one who
        gave consent."""
        relation = self.entrusted.currentData() or ""
        binding = self.builder.bindings.get(f"{relation}.name")
        return str(binding.get() or "") if binding else ""

    def record_consent(self, on: date, form: str, given_by: str) -> bool:
        try:
            self._service.record_consent(self._actor, self._form.child_id or "", on, form, given_by)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.refresh_timeline()
        return True

    def confirm_record(self) -> None:
        self._service.confirm(self._actor, [self._form.child_id or ""], date.today())
        self.refresh_timeline()

    def refresh_timeline(self) -> None:
        if self.timeline_table is None or self._form.child_id is None:
            return
        status = tr_vocab(vocab.CHILD_STATUSES.get(self._form.status, self._form.status))
        self.status_label.setText(self.tr("Status: {status}").format(status=status))
        entries = self._service.timeline(self._actor, self._form.child_id)
        table = self.timeline_table
        table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            when = (
                entry.at.date().isoformat()
                if entry.kind in ("status", "consent")
                else local_time(entry.at)
            )
            for column, text in enumerate((when, self._describe(entry), entry.actor)):
                table.setItem(row, column, QTableWidgetItem(text))

    def _describe(self, entry: TimelineEntry) -> str:
        if entry.kind == "status":
            old = tr_vocab(vocab.CHILD_STATUSES.get(entry.old, entry.old))
            new = tr_vocab(vocab.CHILD_STATUSES.get(entry.new, entry.new))
            text = self.tr("Status: {old} → {new}").format(old=old, new=new)
            return f"{text} ({entry.note})" if entry.note else text
        if entry.kind == "consent":
            return self.tr("Consent recorded, given by {who}").format(who=entry.note)
        if entry.kind == "registered":
            return self.tr("Record created")
        if entry.kind == "confirmed":
            return self.tr("Record confirmed as still true")
        if entry.kind == "import":
            return self.tr("Imported from {file}").format(file=entry.note)
        return self.tr("{field}: {old} → {new}").format(
            field=history_field_label(entry.field), old=entry.old or "—", new=entry.new or "—"
        )


def _translate_eligibility(text: str) -> str:
    return QCoreApplication.translate(TRANSLATION_CONTEXT, text)
