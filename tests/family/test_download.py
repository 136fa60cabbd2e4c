"""Download all my data: one ZIP with every record of the family, and each baby's journal as a CSV."""

import csv
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from safety.models import Baby, Question

pytestmark = pytest.mark.django_db

# Where each kind of record pointing at a baby is in data.json. A new model that points at a baby fails
# test_every_record_of_the_family_is_in_the_zip until the download carries it too.
KEYS = {
    "safety.ScreeningSubmission": "screenings", "safety.Clearance": "clearances", "safety.DailyCheck": "daily_checks",
    "safety.ProfileChange": "profile_changes", "safety.Membership": "people", "safety.Invitation": "invitations",
    "guide.MassageSession": "sessions", "clinics.Share": "clinic_shares", "clinics.ClinicEvent": "clinic_events",
}


def models_pointing_at_babies():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is Baby:
                yield model, field


@pytest.fixture
def download(client, family):
    client.force_login(family["mum"])
    response = client.get(reverse("family:download"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_every_record_of_the_family_is_in_the_zip(download, family):
    data = json.loads(download.read("data.json"))
    assert data["account"]["email"] == "mum@example.com"
    exported = {baby["id"]: baby for baby in data["babies"]}
    mine = [family["mila"], family["leo"], family["ivy"]]  # Leo archived, Ivy shared with Dad: all there
    assert sorted(exported) == sorted(baby.pk for baby in mine)
    assert family["other"].pk not in exported and "Otto" not in json.dumps(data)
    walked = set()
    for model, field in models_pointing_at_babies():
        label = model._meta.label
        assert label in KEYS, f"{label} points at a baby but is not in the download"
        walked.add(label)
        rows = model._base_manager.filter(**{f"{field.name}__in": mine})
        assert rows.exists(), f"the family fixture should have {label} rows"
        for baby in mine:
            expected = set(rows.filter(**{field.name: baby}).values_list("pk", flat=True))
            assert {row["id"] for row in exported[baby.pk][KEYS[label]]} == expected, (label, baby)
    assert walked == set(KEYS)


def test_each_answer_comes_with_the_question_as_it_was_asked(download, family):
    data = json.loads(download.read("data.json"))
    mila = next(baby for baby in data["babies"] if baby["name"] == "Mila")
    assert len(mila["screenings"]) == 2 and mila["screenings"][1]["corrects"] == mila["screenings"][0]["id"]
    texts = {(q.version.number, q.qid): q.text for q in Question.objects.select_related("version")}
    for screening in mila["screenings"]:
        for answer in screening["answers"]:
            assert answer["question"] == texts[(screening["questionnaire_version"], answer["question_id"])]
    hips = next(a for a in mila["screenings"][1]["answers"] if a["question_id"] == "hips")
    assert hips["answer"] == "yes"
    assert {s["started_by"] for s in mila["sessions"]} == {"mum@example.com", "nan@example.com"}
    assert mila["clearances"][0]["doctor"] == "Dr Ada Moss"
    assert mila["profile_changes"][0]["after"]["weeks_at_birth"] == 39


def test_each_journal_is_a_csv_named_after_the_baby_with_a_byte_order_mark(download, family):
    names = sorted(download.namelist())
    assert names == ["data.json", "journals/Ivy massage journal.csv", "journals/Leo massage journal.csv",
                     "journals/Mila massage journal.csv"]
    raw = download.read("journals/Mila massage journal.csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][-1] == "by" and [row[-1] for row in rows[1:]] == ["mum@example.com"]  # the finished one
    assert "Loved it" in rows[1]


def test_the_download_needs_a_login(client):
    response = client.get(reverse("family:download"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("safety:login"))
