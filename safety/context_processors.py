from safety.services import NextStep


def gate(request):
    """Lets templates compare a GateStatus's next step with the codes by name: `NextStep.TODAY`."""
    return {"NextStep": NextStep}
