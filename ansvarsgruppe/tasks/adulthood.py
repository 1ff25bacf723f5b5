"""The daily job for a person who comes of age (R1, R4, R24), hooked in ``scheduler_events``; the birth
date is the one the identity number gives (Service User).

- ``NOTICE_DAYS`` ahead the coordinator of each open group is told (``Coming of Age``).
- On the day (or within the catch-up window after an outage): a parent no longer acts for the person in the
  portal (``portal.people.represented`` reads the age on every request); the active consents a parent
  signed expire the day before, unless the signer is a guardian (verge), so they stop speaking for the
  person (R4, R5); the person is invited to the portal (when they have an e-mail address and no account)
  and asked to consent themselves (``Asked to Consent``); the coordinator is told what changed
  (``Came of Age``). The group carries on. Each step is idempotent and each mail is sent once (the ledger).
"""

import datetime

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe.alerts.ledger import catch_up_days
from ansvarsgruppe.alerts.method_alerts import send_once
from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.controllers.rules_bridge import get_settings
from ansvarsgruppe.rules import adulthood
from ansvarsgruppe.rules import status as st

COMING_OF_AGE = "ansvarsgruppe_coming_of_age"
CAME_OF_AGE = "ansvarsgruppe_came_of_age"
ASKED_TO_CONSENT = "ansvarsgruppe_asked_to_consent"
GROUP = "Responsibility Group"


def send_daily_adulthood_alerts():
	today, age_limit = getdate(), int(get_settings().consent_age_limit or 18)
	tell_ahead(today, age_limit)
	come_of_age(today, age_limit)


def open_groups_born_between(first: datetime.date, last: datetime.date) -> list:
	group, person = DocType(GROUP), DocType("Service User")
	return (
		frappe.qb.from_(group)
		.join(person)
		.on(person.name == group.service_user)
		.select(group.name.as_("group"), person.name.as_("service_user"), person.birth_date, person.email)
		.where(group.status != st.GROUP_CLOSED)
		.where(person.birth_date[first:last])
		.orderby(group.name)
	).run(as_dict=True)


def tell_ahead(today: datetime.date, age_limit: int):
	"""The coordinator hears ``NOTICE_DAYS`` ahead that the person comes of age."""
	first, last = adulthood.born_between_for_notice(today, age_limit)
	rows = open_groups_born_between(first, last)
	send_once(
		GROUP, COMING_OF_AGE, [(r.group, adulthood.notice_on(getdate(r.birth_date), age_limit)) for r in rows]
	)


def come_of_age(today: datetime.date, age_limit: int):
	"""The day the person comes of age, and the days of the catch-up window after it."""
	window = datetime.timedelta(days=catch_up_days())
	last = adulthood._born_on_or_before(today, age_limit)
	first = adulthood._born_on_or_before(today - window, age_limit)
	rows = open_groups_born_between(first + datetime.timedelta(days=1), last) if window else []
	rows += open_groups_born_between(last, last) if not window else []
	due = []
	for row in rows:
		day = adulthood.adult_on(getdate(row.birth_date), age_limit)
		end_parents_consents(row.service_user, day)
		invite_the_person(row.service_user, row.email)
		due.append((row.group, day))
	send_once(GROUP, CAME_OF_AGE, due)
	send_once(GROUP, ASKED_TO_CONSENT, due)


def end_parents_consents(service_user: str, day: datetime.date):
	"""R4: the active consents a parent (not a guardian) signed end the day before the person comes of age."""
	relations = {
		r.name: r.is_guardian
		for r in frappe.get_all(
			"Service User Relation",
			filters={"parent": service_user, "parenttype": "Service User"},
			fields=["name", "is_guardian"],
		)
	}
	consents = frappe.get_all(
		"Consent",
		filters={"service_user": service_user, "status": st.CONSENT_ACTIVE},
		fields=["name", "signed_by_kind", "signed_by_relation"],
	)
	for consent in consents:
		if adulthood.speaks_for_adult(consent.signed_by_kind, relations.get(consent.signed_by_relation)):
			continue
		doc = frappe.get_doc("Consent", consent.name)
		doc.status, doc.valid_to = st.CONSENT_EXPIRED, day - datetime.timedelta(days=1)
		doc.save(ignore_permissions=True)


def invite_the_person(service_user: str, email: str | None):
	"""R24: the person, now of age, gets their own portal account (when they have an e-mail address)."""
	if email and not frappe.db.get_value("Service User", service_user, "portal_user"):
		invite(service_user)
