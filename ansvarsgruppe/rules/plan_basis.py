"""R18, R2, R4: what an individual plan rests on when the person has no responsibility group.

000: "Innvilgelse av koordinator kan utløse ansvarsgruppe som samarbeidsform": a coordinator may be
granted with another form of collaboration than a group, and the person may still want a plan. Such a plan
rests on the person and the coordinator appointed through their application (by the leader of the unit
KE chose, R2), and on the person's own consent in force (R4). Plain values only: ``application`` is a dict
with ``service_user``, ``status``, ``appointed_coordinator`` and ``responsibility_group``.
"""

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st


def without_group_problems(service_user: str | None, application: dict | None, consent: str | None):
	"""Why a plan without a group cannot rest on ``application`` and ``consent`` (the person's consent in
	force, or None)."""
	if not application:
		return [
			Problem(
				"R18",
				"A plan without a responsibility group rests on the person's application, with a coordinator "
				"appointed for another form of collaboration.",
			)
		]
	problems = []
	if application.get("service_user") != service_user:
		problems.append(Problem("R18", "The plan must belong to the person the application is for."))
	if application.get("responsibility_group"):
		problems.append(
			Problem(
				"R18",
				"The person has responsibility group {group}: the plan is made from the group.",
				{"group": application.get("responsibility_group")},
			)
		)
	if application.get("status") != st.APPLICATION_APPOINTED or not application.get("appointed_coordinator"):
		problems.append(
			Problem("R2", "A plan without a responsibility group needs the coordinator appointed first.")
		)
	if not consent:
		problems.append(
			Problem("R4", "A plan without a responsibility group needs the person's consent in force.")
		)
	return problems
