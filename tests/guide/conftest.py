import pytest

from tests.factories import ready_baby


@pytest.fixture
def baby(client):
    """A 2-month-old baby, screened and checked today, with its parent signed in to `client`."""
    baby = ready_baby(age_days=60)
    client.force_login(baby.parent)
    return baby
