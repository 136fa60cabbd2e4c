from django.db import DatabaseError
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from safety.gate import screening_exempt
from safety.models import QuestionnaireVersion


@require_safe
@never_cache
@screening_exempt("A health check for the hosting platform; it shows nothing about anyone.")
def healthz(request):
    """200 when the database answers with our tables and the health questions in it, 503 otherwise.

    Opening a connection is not enough: SQLite makes a new empty database when its file has gone, and then
    `SELECT 1` works while every page fails. The questionnaire comes with the migrations and every parent
    needs it, so one query for it shows the schema is there.
    """
    try:
        migrated = QuestionnaireVersion.objects.exists()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if not migrated:
        return HttpResponse("database not migrated\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
