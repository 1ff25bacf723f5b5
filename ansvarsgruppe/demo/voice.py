"""The demo families' answers to their next invitation and their proposals for its agenda, written through
the portal's own endpoints (the family's rules, the documents' checks), so the coordinator finds them on
the minutes form and the invitation's print shows them."""

import frappe
from frappe.utils import getdate

from ansvarsgruppe.api.voice import answer_invitation, propose_agenda_item
from ansvarsgruppe.rules import status as st

# What each of the first families says: (attendance, who comes, note, [(title, details)]).
VOICES = (
	(
		"Coming",
		"Begge foreldrene",
		"Hun sover dårlig etter de nye medisinene; det merkes på skolen.",
		[
			("Søvn og medisiner", "Vi vil gjerne at fastlegen og skolen snakker sammen om dette."),
			("Skyss til avlastning", "Kan avlastningen hente på skolen på torsdager?"),
		],
	),
	(
		"Not coming",
		None,
		"Vi er bortreist den uken. Send gjerne referatet, så ringer vi koordinator etterpå.",
		[("Sommerferien", "Hvem følger opp tiltakene i ferien?")],
	),
)


def next_invitation(group: str) -> str | None:
	"""The group's next called meeting not yet held."""
	found = frappe.get_all(
		"Meeting Minutes",
		filters={"group": group, "status": st.MINUTES_INVITED, "meeting_date": (">=", getdate())},
		order_by="meeting_date asc",
		pluck="name",
		limit=1,
	)
	return found[0] if found else None


def ensure_family_voice(families) -> int:
	"""The first families with an invitation answer it and propose items, each once. Returns the number
	of answers and proposals written."""
	by_person: dict[str, list[str]] = {}
	for user, _name, _kind, person in families:
		by_person.setdefault(person, []).append(user)
	written, voices = 0, list(VOICES)
	for person, users in by_person.items():
		if not voices:
			break
		group = frappe.db.get_value(
			"Responsibility Group", {"service_user": person, "status": ("in", list(st.GROUP_OPEN))}, "name"
		)
		minutes = next_invitation(group) if group else None
		if not minutes:
			continue
		attendance, who_comes, note, proposals = voices.pop(0)
		if frappe.db.exists("Meeting Response", {"minutes": minutes}):
			continue
		frappe.set_user(users[0])
		try:
			answer_invitation(minutes, attendance, who_comes=who_comes, note=note)
			written += 1
			for title, details in proposals:
				propose_agenda_item(minutes, title, details=details)
				written += 1
		finally:
			frappe.set_user("Administrator")
	return written
