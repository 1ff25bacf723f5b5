"""The answer to the person who applied: how it reaches them, and when an interim answer is due.

The decision letter and the interim answer (forvaltningsloven § 11 a) are read in the family portal or sent
by post; an e-mail only tells the applicant that an answer is there, so it holds no personal data. An
applicant without a portal account, or who chose post, gets the letter by post: KE sees it marked.
"""

import datetime

from ansvarsgruppe.rules import status as st

EMAIL, POST = "E-mail", "Post"
CHANNELS = (EMAIL, POST)

# The statuses that answer the application: each gives the applicant a letter once.
ANSWERED = (st.APPLICATION_DECIDED, st.APPLICATION_APPOINTED, st.APPLICATION_REJECTED)
GRANTED = (st.APPLICATION_DECIDED, st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED)

INTERIM_ANSWER_DAYS = 21  # the settings' default: well before the month the law gives


def notice_address(channel: str | None, portal_user: str | None, email: str | None) -> str | None:
	"""The address told that an answer waits in the portal, or None: the answer goes by post."""
	if channel == POST or not portal_user:
		return None
	return (email or "").strip() or None


def answer_given(previous_status: str | None, status: str) -> bool:
	"""Whether a change of status answers the application (a decision, an appointment, a rejection)."""
	return status in ANSWERED and previous_status != status


def interim_answer_occasion(application: dict, today: datetime.date, limit_days: int) -> datetime.date | None:
	"""The day an interim answer fell due for an application still undecided and given none, once that day
	has come: the day after it has waited ``limit_days``. None after the decision or once given."""
	received = application.get("date_received")
	if (
		application.get("status") not in st.APPLICATION_UNDECIDED
		or application.get("interim_answer_on")
		or received is None
	):
		return None
	due = received + datetime.timedelta(days=limit_days + 1)
	return due if due <= today else None


def portal_status(status: str | None) -> str:
	"""The application's status as the applicant reads it in the portal."""
	return {
		st.APPLICATION_RECEIVED: "Mottatt, under behandling",
		st.APPLICATION_DECIDED: "Innvilget, koordinator oppnevnes",
		st.APPLICATION_APPOINTED: "Innvilget, koordinator er oppnevnt",
		st.APPLICATION_REJECTED: "Avslått",
		st.APPLICATION_CLOSED: "Avsluttet",
	}.get(status or "", status or "")
