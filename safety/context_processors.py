from safety.models import Role
from safety.rules import Outcome
from safety.services import NextStep


def gate(request):
    """Lets templates compare a gate's next step and an outcome with their codes by name:
    `status.next_step == NextStep.TODAY`, `submission.outcome == Outcome.NOT_YET`, `baby.my_role == Role.OWNER`."""
    return {"NextStep": NextStep, "Outcome": Outcome, "Role": Role}
