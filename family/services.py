"""Erasure at the family's request: the one way health records and sessions leave (DESIGN.md "Records").

Each app removes its own records (guide: sessions; safety: health records, invitations, memberships, the babies
and the account); this module decides which babies go and keeps the anonymous count (safety's Erasure).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from guide import services as guide_services
from safety import services as safety_services
from safety.models import Baby, Erasure, Membership, Role


class StillOwned(Exception):
    """The baby has another owner: erasing it would take it from them. `owners` are the other owners."""

    def __init__(self, owners):
        super().__init__(owners)
        self.owners = owners


def _add(counts, more):
    for kind, number in more.items():
        counts[kind] = counts.get(kind, 0) + number
    return counts


def _erase_babies(baby_ids):
    """Every record of these babies, each app's own, in the order they point at each other."""
    if not baby_ids:
        return {}
    counts = {"sessions": guide_services.erase_sessions(baby_ids=baby_ids)}
    return _add(counts, safety_services.erase_baby_records(baby_ids=baby_ids))


def other_owners(baby, user):
    return [membership.user for membership in
            baby.memberships.filter(role=Role.OWNER).exclude(user=user).select_related("user")]


@transaction.atomic
def erase_baby(*, baby, requested_by, by_staff=False):
    """Erase one baby and every record of it, for every member. Refused (StillOwned) while another owner has it,
    unless staff carry out the request."""
    baby = Baby.objects.select_for_update().get(pk=baby.pk)
    owners = other_owners(baby, requested_by)
    if owners and not by_staff:
        raise StillOwned(owners)
    return Erasure.objects.create(kind=Erasure.Kind.BABY, by_staff=by_staff, counts=_erase_babies([baby.pk]))


def babies_only_owned_by(user):
    """The babies (archived ones too) `user` owns, or added, that have no other owner: they go with the account."""
    others = Membership.objects.filter(baby=OuterRef("pk"), role=Role.OWNER).exclude(user=user)
    mine = Q(memberships__user=user, memberships__role=Role.OWNER) | Q(parent=user)
    return Baby.objects.filter(mine).exclude(Exists(others)).distinct()


@transaction.atomic
def erase_account(*, user, by_staff=False):
    """Erase `user`'s account and every record of each baby that has no other owner, in one transaction. A baby
    with another owner stays with them; the records this person made for it keep no name. Returns the Erasure."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    counts = _erase_babies(list(babies_only_owned_by(user).values_list("pk", flat=True)))
    _add(counts, safety_services.erase_person(user=user))
    return Erasure.objects.create(kind=Erasure.Kind.ACCOUNT, by_staff=by_staff, counts=counts)
