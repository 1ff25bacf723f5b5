"""R4, R16, R19: handing a group over to the municipality the person moves to.

The coordinator hands the group's documents over only with the person's consent to it (R4: information
leaves the partners the consent names), recorded when the group is handed over; the group closes for the
cause "Moved" (R16), and its archive package goes to the receiving municipality (R19).

``handover``: ``status`` (the group's), ``receiving_municipality``, ``consent_given`` (bool), ``reason``.
"""

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st


def handover_problems(handover: dict) -> list[Problem]:
	"""What stops the handover; nothing is done unless this is empty."""
	problems = []
	if handover.get("status") not in st.GROUP_OPEN:
		problems.append(Problem("R16", "Only an open group can be handed over to another municipality."))
	if not handover.get("consent_given"):
		problems.append(
			Problem(
				"R4",
				"The group's documents are handed over to the new municipality only with the person's"
				" consent (or the consent of whoever acts for them).",
			)
		)
	if not (handover.get("receiving_municipality") or "").strip():
		problems.append(Problem("R19", "Name the municipality the person is moving to."))
	if not (handover.get("reason") or "").strip():
		problems.append(Problem("R16", "Give the reason for handing the group over."))
	return problems
