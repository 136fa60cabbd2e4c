"""A baby's owners invite other adults by email; a caregiver does today's check and sessions, and is gone at once
when removed. Mail goes through a real SMTP server (the smtp_server fixture)."""

import html
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from guide.models import MassageSession
from safety.models import Invitation, Membership, Role
from safety.services import INVITATIONS_PER_HOUR
from tests.factories import GOOD_DAY, make_baby, make_course, make_member, make_parent, make_routine, screen

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough secret 1"


def text(response):
    return html.unescape(response.content.decode())


def invite(client, baby, email, role="caregiver"):
    return client.post(reverse("safety:baby_people", args=[baby.pk]), {"email": email, "role": role})


def link_in(message):
    return re.search(r"http://testserver(/invitations/\S+/)", message.get_content()).group(1)


@pytest.fixture
def owner_client(client):
    baby = make_baby(name="Mila", age_days=90)
    baby.parent.first_name = "Anna"
    baby.parent.save()
    client.force_login(baby.parent)
    return client, baby


def test_an_invitation_arrives_and_the_caregiver_runs_a_session_that_shows_under_their_name(
        owner_client, smtp_server, client_factory):
    client, baby = owner_client
    screen(baby)
    response = invite(client, baby, "Nan@Example.com")
    assert response["Location"] == reverse("safety:baby_people", args=[baby.pk])
    page = text(client.get(response["Location"]))
    assert "We sent an invitation to nan@example.com" in page and "nan@example.com" in page
    (message,) = smtp_server.inbox.messages
    assert message["To"] == "nan@example.com" and message["Subject"] == "Anna invited you to help with Mila"
    link = link_in(message)

    nan = client_factory()
    assert "Log in or create an account with nan@example.com" in text(nan.get(link))
    response = nan.post(reverse("safety:signup") + f"?next={link}", {
        "email": "nan@example.com", "password1": PASSWORD, "password2": PASSWORD, "next": link})
    assert response["Location"] == link
    response = nan.post(link)
    assert response["Location"] == baby.get_absolute_url()
    assert Membership.objects.get(baby=baby, user__email="nan@example.com").role == Role.CAREGIVER

    # Today's check and a session, as a caregiver does them.
    routine = make_routine(steps=1, min_age_days=14)
    make_course(routines=[routine], min_age_days=14, max_age_days=400)
    assert nan.post(reverse("safety:daily_check", args=[baby.pk]), {**GOOD_DAY, "minutes_since_feed": 60}
                    ).status_code == 302
    response = nan.post(reverse("guide:session_start", args=[baby.pk]), {"choice": f"routine-{routine.pk}"})
    session = MassageSession.objects.get()
    assert response["Location"] == reverse("guide:session_checklist", args=[baby.pk, session.pk])
    session.finish(mood="calm")
    journal = text(client.get(reverse("guide:journal", args=[baby.pk])))
    assert "By nan@example.com" in journal


def test_a_caregiver_sees_the_baby_but_not_the_parents_buttons(owner_client, client_factory):
    _client, baby = owner_client
    nan = client_factory()
    nan.force_login(make_member(baby))
    page = text(nan.get(baby.get_absolute_url()))
    assert "Mila" in page and "one of Mila's parents needs to answer the health questions" in page
    assert reverse("safety:screening", args=[baby.pk]) not in page
    assert reverse("safety:baby_edit", args=[baby.pk]) not in page
    assert f'href="{reverse("safety:baby_people", args=[baby.pk])}"' not in page  # (its own "Leave" is there)
    response = nan.get(reverse("safety:screening", args=[baby.pk]))
    assert response.status_code == 403 and "Only Mila's parents can do this" in text(response)
    listed = text(nan.get(reverse("safety:baby_list")))
    assert "Mila" in listed and "you help as a caregiver" in listed


def test_a_caregiver_can_leave_from_the_babys_page(owner_client, client_factory):
    client, baby = owner_client
    caregiver = make_member(baby)
    nan = client_factory()
    nan.force_login(caregiver)
    membership = Membership.objects.get(user=caregiver)
    leave = reverse("safety:member_remove", args=[baby.pk, membership.pk])
    assert f'action="{leave}"' in text(nan.get(baby.get_absolute_url()))
    assert "Leave when you stop helping" not in text(client.get(baby.get_absolute_url()))  # not on a parent's page
    response = nan.post(leave, follow=True)
    assert response.redirect_chain[-1][0] == reverse("safety:baby_list")
    assert "You no longer see Mila." in text(response) and "Mila" not in text(nan.get(reverse("safety:baby_list")))
    assert not Membership.objects.filter(user=caregiver).exists()
    assert Membership.objects.filter(baby=baby, user=baby.parent, role=Role.OWNER).exists()


def test_a_removed_caregiver_gets_404_at_once(owner_client, client_factory):
    client, baby = owner_client
    caregiver = make_member(baby)
    nan = client_factory()
    nan.force_login(caregiver)
    assert nan.get(baby.get_absolute_url()).status_code == 200
    membership = Membership.objects.get(user=caregiver)
    response = client.post(reverse("safety:member_remove", args=[baby.pk, membership.pk]), follow=True)
    assert f"{caregiver.email} can no longer see Mila" in text(response)
    for url in (baby.get_absolute_url(), reverse("guide:journal", args=[baby.pk]),
                reverse("safety:daily_check", args=[baby.pk]), reverse("guide:session_start", args=[baby.pk])):
        assert nan.get(url).status_code == 404, url
    assert "Mila" not in text(nan.get(reverse("safety:baby_list")))


def test_a_second_parent_can_do_what_a_parent_does_and_the_last_parent_cannot_leave(owner_client, smtp_server,
                                                                                   client_factory):
    client, baby = owner_client
    invite(client, baby, "dad@example.com", role="owner")
    dad = client_factory()
    dad.force_login(make_parent("dad@example.com"))
    assert dad.post(link_in(smtp_server.inbox.messages[0])).status_code == 302
    assert dad.get(reverse("safety:screening", args=[baby.pk])).status_code == 200
    assert dad.get(reverse("safety:baby_people", args=[baby.pk])).status_code == 200
    # Anna leaves; Dad, now the only parent, cannot.
    mine = Membership.objects.get(baby=baby, user=baby.parent)
    assert client.post(reverse("safety:member_remove", args=[baby.pk, mine.pk]))["Location"] == reverse(
        "safety:baby_list")
    baby.refresh_from_db()
    assert baby.parent.email == "dad@example.com"  # the baby's row now names the parent who stayed
    his = Membership.objects.get(baby=baby, user__email="dad@example.com")
    assert ">Leave</button>" not in text(dad.get(reverse("safety:baby_people", args=[baby.pk])))
    response = dad.post(reverse("safety:member_remove", args=[baby.pk, his.pk]), follow=True)
    assert "Mila needs at least one parent here" in text(response)
    assert Membership.objects.filter(pk=his.pk).exists()


@pytest.mark.parametrize("case", ["reused", "expired", "forged", "withdrawn", "another address"])
def test_a_link_that_cannot_be_used_says_why_and_changes_nothing(owner_client, smtp_server, client_factory, case):
    client, baby = owner_client
    invite(client, baby, "nan@example.com")
    link = link_in(smtp_server.inbox.messages[0])
    nan = client_factory()
    nan.force_login(make_parent("nan@example.com"))
    expected = {"reused": "This link was used already", "expired": "This link is too old",
                "forged": "This link is not complete or was changed", "withdrawn": "This invitation was taken back",
                "another address": "This invitation was sent to nan@example.com"}[case]
    if case == "reused":
        nan.post(link)
        Membership.objects.filter(user__email="nan@example.com").delete()
    elif case == "forged":
        link = link[:-3] + ("x" if link[-3] != "x" else "y") + link[-2:]
    elif case == "withdrawn":
        invitation = Invitation.objects.get()
        client.post(reverse("safety:invitation_withdraw", args=[baby.pk, invitation.pk]))
    elif case == "another address":
        nan.force_login(make_parent("someone@example.com"))
    with time_machine.travel(timedelta(days=8 if case == "expired" else 0)):
        shown = nan.get(link)
        posted = nan.post(link)
    assert expected in (text(shown) + text(posted))
    assert posted.status_code == 400
    assert not Membership.objects.filter(baby=baby).exclude(user=baby.parent).exists()


def test_inviting_an_address_with_access_or_a_waiting_invitation_adds_nothing(owner_client, smtp_server):
    client, baby = owner_client
    make_member(baby, user=make_parent("nan@example.com"))
    response = invite(client, baby, "NAN@example.com")
    assert response.status_code == 400 and "nan@example.com can already see Mila" in text(response)
    assert invite(client, baby, baby.parent.email).status_code == 400  # the owner themselves
    invite(client, baby, "grandpa@example.com")
    response = invite(client, baby, "grandpa@example.com")
    assert response.status_code == 400 and "already waiting" in text(response)
    assert Invitation.objects.count() == 1 and len(smtp_server.inbox.messages) == 1


def test_inviting_is_limited_per_owner_per_hour(owner_client, smtp_server):
    client, baby = owner_client
    for n in range(INVITATIONS_PER_HOUR):
        assert invite(client, baby, f"helper{n}@example.com").status_code == 302
    response = invite(client, baby, "one-more@example.com")
    assert response.status_code == 400 and "Please wait an hour" in text(response)
    assert len(smtp_server.inbox.messages) == INVITATIONS_PER_HOUR
    with time_machine.travel(timedelta(hours=1, minutes=1)):
        assert invite(client, baby, "one-more@example.com").status_code == 302


def test_with_the_mail_server_down_an_invitation_says_it_could_not_send(owner_client, smtp_server):
    client, baby = owner_client
    smtp_server.stop()
    response = invite(client, baby, "nan@example.com")
    page = text(response)
    assert response.status_code == 503
    assert "could not send the email just now" in page and "We sent" not in page
    assert not Invitation.objects.exists()  # no link exists that nobody received


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_baby_from_before_belongs_to_its_parent_after_the_upgrade():
    before = [("safety", "0006_parent_time_zone"), ("guide", "0003_not_reached")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("auth", "User").objects.create(username="old@example.com", email="old@example.com")
    baby = old.get_model("safety", "Baby").objects.create(parent=user, name="Ada", birth_date=date(2026, 1, 1))
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert list(Membership.objects.values_list("baby_id", "user_id", "role")) == [(baby.pk, user.pk, "owner")]
