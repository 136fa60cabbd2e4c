"""The content history an editor reads and goes back in: what each saved version changed, and going back to one.

django-reversion keeps the versions (routines.models registers what it keeps). A version of a routine was saved
together with its steps (a course with its routines and session plan, a game with its lines), so "a version"
here is that family: the object and the children kept with it in the same revision. Reversion's own revert
would bring back everything saved in that revision (the loader's first revision holds the whole library), so
going back is done here for the family only.
"""

import difflib
from dataclasses import dataclass, field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from modeltranslation.translator import translator
from reversion.errors import RevertError
from reversion.models import Version
from reversion.revisions import _follow_relations, _get_options

from routines.models import ClinicallyReviewed, Routine, Step


def keep_every_language_in_the_history():
    """Each version of a text keeps its words in every language (title_en, title_ru, title_es), so the history shows
    a change to any of them and going back brings all of them back.

    routines.models registers the content with django-reversion before django-modeltranslation adds the columns of
    each language, so the versions would keep only the text as read in the language of the request (and going back
    would empty the Russian and Spanish). Registered again once the columns are there (RoutinesConfig.ready): each
    text's columns instead of the text itself (which only mirrors one of them)."""
    for model in translator.get_registered_models(abstract=False):
        if not reversion.is_registered(model):
            continue
        options = _get_options(model)
        texts = translator.get_options_for_model(model).all_fields
        columns = [column.name for text in options.fields if text in texts
                   for column in sorted(texts[text], key=lambda column: column.name)]
        fields = (*[name for name in options.fields if name not in texts], *columns)
        if not columns or set(fields) <= set(options.fields):
            continue
        reversion.unregister(model)
        reversion.register(model, fields=fields, follow=options.follow, format=options.format,
                           for_concrete_model=options.for_concrete_model, ignore_duplicates=options.ignore_duplicates,
                           use_natural_foreign_keys=options.use_natural_foreign_keys,
                           object_id_field=options.object_id_field)


# Kept with every version but not content: when it was saved, and the clinical review (which has its own record).
NOT_CONTENT = {"id", "updated_at", *ClinicallyReviewed.REVIEW_STATE_FIELDS}
HISTORY_LENGTH = 50  # the newest versions an object's history page shows


class CannotGoBack(Exception):
    """A version that cannot come back as it was; the message says why, in plain words."""


@dataclass
class FieldChange:
    label: str
    old: object
    new: object
    text: bool = False  # long text: shown as a word-by-word difference

    @property
    def diff(self):
        """Old and new, with removed words struck through and added words marked (<del>, <ins>)."""
        if not self.text:
            return format_html('<del><span class="visually-hidden">{} </span>{}</del> → '
                               '<ins><span class="visually-hidden">{} </span>{}</ins>',
                               _("was:"), _shown(self.old), _("now:"), _shown(self.new))
        old, new = str(self.old or "").split(), str(self.new or "").split()
        parts = []
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if op in ("delete", "replace"):
                parts.append(format_html('<del><span class="visually-hidden">{} </span>{}</del>', _("removed:"),
                                         " ".join(old[a1:a2])))
            if op in ("insert", "replace"):
                parts.append(format_html('<ins><span class="visually-hidden">{} </span>{}</ins>', _("added:"),
                                         " ".join(new[b1:b2])))
            if op == "equal":
                parts.append(" ".join(old[a1:a2]))
        return mark_safe(" ".join(str(part) for part in parts))  # noqa: S308 - each part escaped by format_html


def _shown(value):
    return "—" if value in (None, "") else value


@dataclass
class ObjectChange:
    """What one version changed in one object of the family: added, removed or these fields."""

    label: str
    kind: str  # "added", "removed" or "changed"
    fields: list = field(default_factory=list)


@dataclass
class HistoryEntry:
    version: Version
    changes: list  # ObjectChange, the object itself first
    first: bool  # the oldest version kept: nothing before it to compare with
    current: bool  # the newest: this is how the object is now


def family(version):
    """`version` and the versions of the children it follows (recursively) saved in the same revision,
    parents first."""
    members, queue = [version], [version]
    while queue:
        parent = queue.pop(0)
        for follow_name in _get_options(parent._model).follow:
            relation = parent._model._meta.get_field(follow_name)
            child_model, fk = relation.related_model, relation.field.attname
            content_type = ContentType.objects.get_for_model(child_model)
            for child in version.revision.version_set.filter(content_type=content_type).order_by("pk"):
                if str(child.field_dict.get(fk)) == str(parent.object_id):
                    members.append(child)
                    queue.append(child)
    return members


def _label(model, data, fallback):
    name = data.get("title") or data.get("name") or data.get("verse") or fallback
    return f"{model._meta.verbose_name.capitalize()} “{name}”"


def _value(model, name, value):
    """A field's value as an editor knows it: the name of a technique or routine rather than its number."""
    try:
        model_field = model._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:
        return value
    if model_field.is_relation and value is not None:
        related = model_field.related_model
        if isinstance(value, list):
            return ", ".join(str(obj) for obj in related._default_manager.filter(pk__in=value)) or None
        obj = related._default_manager.filter(pk=value).first()
        return str(obj) if obj else _("(deleted)")
    if model_field.choices and value not in (None, ""):
        return dict(model_field.flatchoices).get(value, value)
    return value


def _field_changes(model, old, new, parent_fk=None):
    changes = []
    for name, value in new.items():
        if name in NOT_CONTENT or name == parent_fk or old.get(name) == value:
            continue
        try:
            model_field = model._meta.get_field(name.removesuffix("_id"))
        except FieldDoesNotExist:
            continue
        changes.append(FieldChange(
            label=str(model_field.verbose_name).capitalize(), old=_value(model, name, old.get(name)),
            new=_value(model, name, value), text=isinstance(model_field, models.TextField),
        ))
    return changes


def _parent_fk(version, members):
    """The attname of the foreign key by which `version` hangs from another member of the family, if it does."""
    for parent in members:
        for follow_name in _get_options(parent._model).follow:
            relation = parent._model._meta.get_field(follow_name)
            if relation.related_model is version._model:
                return relation.field.attname
    return None


def changes_between(before, after):
    """What `after` (a version) changed compared with `before` (the one before it, or None), object by object."""
    now = family(after)
    then = {(v.content_type_id, v.object_id): v for v in (family(before) if before else [])}
    changes = []
    for member in now:
        key = (member.content_type_id, member.object_id)
        data = member.field_dict
        label = _label(member._model, data, member.object_repr)
        parent_fk = _parent_fk(member, now) if member is not after else None
        if key not in then:
            if before is not None or member is not after:
                changes.append(ObjectChange(label=label, kind="added"))
            continue
        fields = _field_changes(member._model, then.pop(key).field_dict, data, parent_fk)
        if fields:
            changes.append(ObjectChange(label=label, kind="changed", fields=fields))
    for gone in then.values():
        changes.append(ObjectChange(label=_label(gone._model, gone.field_dict, gone.object_repr), kind="removed"))
    return changes


def history(obj):
    """The newest HISTORY_LENGTH versions of `obj`, newest first, each with what it changed."""
    versions = list(Version.objects.get_for_object(obj).select_related("revision", "revision__user")
                    [:HISTORY_LENGTH + 1])
    entries = []
    for index, version in enumerate(versions[:HISTORY_LENGTH]):
        before = versions[index + 1] if index + 1 < len(versions) else None
        entries.append(HistoryEntry(version=version, changes=changes_between(before, version),
                                    first=before is None, current=index == 0))
    return entries


def describe_changes(changes):
    """The changes as a short HTML list, for the history page."""
    return format_html_join("", "<li>{}</li>", ((change,) for change in changes))


def go_back(version, *, user):
    """Bring the object of `version`, with the children kept with it, back to how that version saved them: fields
    as they were, children added since removed, children removed since restored. One transaction: all or nothing.

    A routine or a course that comes back is marked changed since its clinical review (what is back may not be
    what was last reviewed), and its clinical review record stays as it is now. Raises CannotGoBack."""
    members = family(version)
    when = date_format(timezone.localtime(version.revision.date_created), "j F Y, H:i")
    missing = _missing_reference(members)
    if missing:
        raise CannotGoBack(_("This version cannot come back as it was: it uses %(what)s, which has been deleted "
                             "since. Nothing was changed.") % {"what": missing})
    try:
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(_("Went back to the version of %(when)s.") % {"when": when})
            kept = {(v._model, v.object_id) for v in members}
            reviewed = _review_states(members)
            for member in members:
                current = member._model._default_manager.filter(pk=member.object_id).first()
                if current is None:
                    continue
                for child in _follow_relations(current):
                    if (type(child), str(child.pk)) not in kept:
                        child.delete()
            for member in members:
                member.revert()
            for model, pk, state in reviewed:
                model.objects.filter(pk=pk).update(**state)
            for content in _reviewed_content(members):
                type(content).objects.filter(pk=content.pk).update(updated_at=timezone.now())
                content.mark_changed()
            for member in members:
                reversion.add_to_revision(member._model._default_manager.get(pk=member.object_id))
            # Foreign keys are checked only when a transaction ends: check them now, while this can still say so.
            connection.check_constraints()
    except RevertError as error:
        raise CannotGoBack(_("This version was saved in a form the app no longer reads, so it cannot come back.")) \
            from error
    except (IntegrityError, DatabaseError, models.ProtectedError) as error:
        raise CannotGoBack(_("This version cannot come back as it was: something it names (such as a technique or "
                             "a routine) has been deleted or changed since, or it would break a rule the content "
                             "now follows. Nothing was changed.")) from error


def _missing_reference(members):
    """The name of something a version points to (a technique, a routine) that no longer exists and that going
    back would not bring back either; None when everything it needs is there."""
    coming_back = {(member._model, str(member.object_id)) for member in members}
    for member in members:
        for model_field in member._model._meta.concrete_fields:
            if not model_field.many_to_one:
                continue
            value = member.field_dict.get(model_field.attname)
            related = model_field.related_model
            if value is None or (related, str(value)) in coming_back:
                continue
            if not related._default_manager.filter(pk=value).exists():
                return _("the %(thing)s it had then") % {"thing": related._meta.verbose_name}
    return None


def _review_states(members):
    states = []
    for member in members:
        if issubclass(member._model, ClinicallyReviewed):
            current = member._model.objects.filter(pk=member.object_id).values(
                *[f if f != "reviewed_by" else "reviewed_by_id" for f in ClinicallyReviewed.REVIEW_STATE_FIELDS]
            ).first()
            if current is not None:
                states.append((member._model, member.object_id, current))
    return states


def _reviewed_content(members):
    """The routines and courses whose parent-facing content going back changes (a step's routine too)."""
    found = {}
    for member in members:
        if issubclass(member._model, ClinicallyReviewed):
            found[(member._model, str(member.object_id))] = member._model.objects.get(pk=member.object_id)
        elif member._model is Step:
            routine = Routine.objects.get(pk=member.field_dict["routine_id"])
            found[(Routine, str(routine.pk))] = routine
    return list(found.values())
