"""Helpers for tests that use the content admin as an editor would: open a change page, post it back."""

from importlib import import_module

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from routines.models import CLINICAL_REVIEWERS


def make_editor(username="editor", **fields):
    return get_user_model().objects.create_superuser(username, f"{username}@example.com", "pw", **fields)


def make_reviewer(username="drmoss", first_name="Ada", last_name="Moss"):
    """A clinician who reviews content: staff, in the "clinical reviewers" group (made by routines/0010)."""
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw", is_staff=True,
                                                first_name=first_name, last_name=last_name)
    # Transactional tests (the live server) start with emptied tables: put the group back as the migration makes it.
    import_module("routines.migrations.0011_clinical_reviewers").add_group(apps, None)
    user.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    return user


def form_data(response):
    """What the browser posts back from an admin add or change page when the editor changes nothing: every
    field of the form and of its inline forms, as rendered."""
    data = {}
    context = response.context
    all_forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = management[name].value()
        all_forms += formset.forms
    for form in all_forms:
        for name, field in form.fields.items():
            bound = form[name]
            value = bound.value()
            widget = field.widget
            if isinstance(widget, forms.MultiWidget):
                parts = value if isinstance(value, list) else widget.decompress(value)
                for i, part in enumerate(parts):
                    data[f"{bound.html_name}_{i}"] = "" if part is None else part
            elif isinstance(widget, forms.CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(widget, forms.ClearableFileInput):
                continue
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = "" if value is None else value
    return data


def inline_prefix(data, prefix, field, value):
    """The form prefix ("steps-3") of the inline row whose `field` is `value`."""
    for key, item in data.items():
        if key.startswith(f"{prefix}-") and key.endswith(f"-{field}") and str(item) == str(value):
            return key.removesuffix(f"-{field}")
    raise KeyError(f"no {prefix} row with {field}={value!r}")


def in_english(model, data, **inlines):
    """`data` posted as the admin form of `model` names each text by its language (django-modeltranslation):
    a plain name ("title", or "steps-0-title" for the inline `steps` of Step) becomes the English one
    ("title_en", "steps-0-title_en"). `inlines` maps an inline's prefix to its model."""
    from modeltranslation.translator import translator

    def translated(of):
        return set(translator.get_options_for_model(of).fields)

    own = translated(model)
    rows = {prefix: translated(inline) for prefix, inline in inlines.items()}
    english = {}
    for key, value in data.items():
        prefix, _, rest = key.partition("-")
        row, _, name = rest.rpartition("-")
        if key in own or (prefix in rows and row.isdigit() and name in rows[prefix]):
            key = f"{key}_en"
        english[key] = value
    return english
