from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from safety.gate import screening_mark


def iter_patterns(patterns, prefix="", namespace=""):
    """Yield (route, callback, namespace, name) for every URL pattern, walking into includes."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from iter_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback, namespace, entry.name


@checks.register(checks.Tags.security)
def check_views_declare_screening(app_configs, **kwargs):
    errors = []
    for route, callback, namespace, _name in iter_patterns(get_resolver().url_patterns):
        if screening_mark(callback, namespace) is None:
            errors.append(
                checks.Error(
                    f"The view for '{route}' ({callback.__module__}.{callback.__name__}) does not say whether it "
                    "needs a screening.",
                    hint="Decorate it with @screening_exempt(reason) or @requires_screening.",
                    id="safety.E001",
                )
            )
    return errors
