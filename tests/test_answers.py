"""The answer to the applicant: by portal and e-mail notice or by post, and the interim answer
(forvaltningsloven § 11 a) once, on time and never after the decision (R2)."""

import datetime

from ansvarsgruppe.rules import answers
from ansvarsgruppe.rules import status as st

D = datetime.date
RECEIVED = D(2026, 5, 1)


def test_notice_goes_only_to_an_applicant_with_a_portal_account_who_chose_e_mail():
	assert answers.notice_address(answers.EMAIL, "mor@example.com", "mor@example.com") == "mor@example.com"
	assert answers.notice_address(answers.POST, "mor@example.com", "mor@example.com") is None
	assert answers.notice_address(answers.EMAIL, None, "mor@example.com") is None
	assert answers.notice_address(answers.EMAIL, "mor@example.com", " ") is None


def test_a_decision_an_appointment_and_a_rejection_answer_the_application_once_each():
	assert answers.answer_given(st.APPLICATION_RECEIVED, st.APPLICATION_DECIDED)
	assert answers.answer_given(st.APPLICATION_DECIDED, st.APPLICATION_APPOINTED)
	assert answers.answer_given(None, st.APPLICATION_REJECTED)
	assert not answers.answer_given(st.APPLICATION_DECIDED, st.APPLICATION_DECIDED)
	assert not answers.answer_given(None, st.APPLICATION_RECEIVED)
	assert not answers.answer_given(st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED)


def application(**changes):
	return {
		"status": st.APPLICATION_RECEIVED,
		"date_received": RECEIVED,
		"interim_answer_on": None,
		**changes,
	}


def test_r2_interim_answer_falls_due_the_day_after_the_limit():
	assert answers.interim_answer_occasion(application(), D(2026, 5, 22), 21) is None
	assert answers.interim_answer_occasion(application(), D(2026, 5, 23), 21) == D(2026, 5, 23)
	# a job that missed the day finds the same occasion later
	assert answers.interim_answer_occasion(application(), D(2026, 6, 20), 21) == D(2026, 5, 23)


def test_r2_interim_answer_only_once_and_never_after_the_decision():
	late = D(2026, 7, 1)
	assert answers.interim_answer_occasion(application(interim_answer_on=D(2026, 5, 23)), late, 21) is None
	for status in (st.APPLICATION_DECIDED, st.APPLICATION_REJECTED, st.APPLICATION_APPOINTED):
		assert answers.interim_answer_occasion(application(status=status), late, 21) is None
	assert answers.interim_answer_occasion(application(date_received=None), late, 21) is None


def test_portal_status_is_norwegian():
	assert answers.portal_status(st.APPLICATION_REJECTED) == "Avslått"
	assert answers.portal_status(st.APPLICATION_RECEIVED).startswith("Mottatt")
