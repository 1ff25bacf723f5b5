"""Demo data: a believable Norwegian municipality with responsibility groups in every state.

	bench --site SITE execute ansvarsgruppe.demo.create --kwargs "{'groups': 20, 'password': '...'}"

One generator, :class:`Case`, decides every value of one case: the person (synthetic identity number,
family), the consent, the IP application, the group, its members and the minutes of its meetings. The
values are then written in one of two ways:

* through the controllers (:func:`write_validated`): each document is inserted in the first status of
  its life cycle and moved one step at a time to its status, in the order a municipality works, so every
  rule is checked on the way. The first ``validated`` cases of a run go this way (a small demo entirely).
* in bulk (:class:`BulkWriter`): the same values, including the fields the controllers would fill in
  (names, fetched names, due dates, previous minutes, review dates), computed with the same rules and
  written as rows. This is what lets ``create(groups=10000)`` finish in minutes; ``tests/test_demo.py``
  saves bulk-written documents through the controllers to prove that they pass and keep their values.

``groups`` is the number of demo groups wanted in total: a second run adds only what is missing.
"""

import secrets

import frappe

from ansvarsgruppe.demo.archive import archive_closed_groups
from ansvarsgruppe.demo.case import Case
from ansvarsgruppe.demo.data import BULK_BATCH, DEMO_DOCTYPES, SETTINGS, UNITS, VALIDATED_CASES
from ansvarsgruppe.demo.desk import prepare_desk
from ansvarsgruppe.demo.dev_site import run_daily_jobs_soon, use_mail_server
from ansvarsgruppe.demo.families import ensure_portal_families
from ansvarsgruppe.demo.messages import ensure_conversations
from ansvarsgruppe.demo.municipality import (
	Town,
	demo_case_count,
	ensure_staff,
	ensure_system_manager,
	ensure_units,
	groups_in,
	prepare_settings,
	staff_users,
)
from ansvarsgruppe.demo.plan_voice import ensure_plan_voice
from ansvarsgruppe.demo.summary import print_summary
from ansvarsgruppe.demo.voice import ensure_family_voice
from ansvarsgruppe.demo.writers import BulkWriter, write_validated

__all__ = [
	"DEMO_DOCTYPES",
	"SETTINGS",
	"UNITS",
	"create",
	"demo_case_count",
	"ensure_conversations",
	"ensure_family_voice",
	"ensure_plan_voice",
	"ensure_portal_families",
	"ensure_system_manager",
	"groups_in",
	"run_daily_jobs_soon",
	"staff_users",
	"use_mail_server",
]


def create(groups=20, password=None, validated=VALIDATED_CASES):
	"""Make the demo municipality, with ``groups`` responsibility groups in total; print a summary.

	The first ``validated`` new cases go through the controllers, the rest are written in bulk.
	"""
	groups = int(groups)
	# Demo people have .invalid addresses; no mail, and no PDFs rendered for mail, while generating.
	muted, frappe.flags.mute_emails = frappe.flags.mute_emails, True
	try:
		_create(groups, password, validated)
	finally:
		frappe.flags.mute_emails = muted


def _create(groups: int, password: str | None, validated: int):
	generated = password is None
	password = password or secrets.token_urlsafe(12)
	prepare_settings()
	users = ensure_staff(password)
	prepare_desk()
	ensure_units()
	town = Town(users)

	first = demo_case_count()
	last, wanted = first, max(0, groups - groups_in(first))
	while groups_in(last) - groups_in(first) < wanted:
		last += 1
	bulk = BulkWriter()
	validated_groups = []
	for k in range(first, last):
		if k - first < validated:
			case = Case(k, town, town.exact_names)
			write_validated(case)
			if case.group:
				validated_groups.append(case.group["name"])
			continue
		bulk.add_case(Case(k, town, town.block_names))
		if len(bulk.cases) >= BULK_BATCH:
			bulk.flush()
			frappe.db.commit()
			print(f"  … {groups_in(k + 1)} of {groups} groups")
	bulk.flush()
	frappe.db.commit()
	families = ensure_portal_families(password)
	ensure_conversations(families)
	ensure_family_voice(families)
	ensure_plan_voice(families)
	frappe.db.commit()
	archive_closed_groups(validated_groups)
	frappe.db.commit()
	print_summary(users, password if generated else None, families)
