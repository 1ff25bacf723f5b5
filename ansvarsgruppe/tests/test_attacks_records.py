"""Attack suite (records): every road into a record tried as a real user of every role (R5, R3, R11, R18).

Decided on the wrong values (unsaved documents printed or passed to a document method, writes that move a
record elsewhere), document methods that trust the client's copy, final records that could still change,
and leftover access (a closed group's coordinator, public attachments, the portal's print). HTTP roads go
to the site ``scripts/test`` serves (its ``host_name``), logged in with ``/api/method/login``; the rest is
tried in-process with ``frappe.get_doc``/``has_permission``. Every forbidden attempt is refused and changes
nothing (rows counted, stored values compared); every allowed one still works.

The records are committed (the web server reads them through its own connection) and removed again
when the module ends.
"""

import json

import frappe
import requests
from frappe.utils import add_days, getdate

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

PASSWORD = "Angrep-Test-2026!"
ATTEMPTS = [0]
CREATED: list[tuple[str, str]] = []
TOWN = frappe._dict()


def setUpModule():
	frappe.set_user("Administrator")
	f.ensure_outgoing_email_account()
	build_town(TOWN)
	frappe.db.commit()


def tearDownModule():
	frappe.set_user("Administrator")
	frappe.db.rollback()
	remove_created()
	frappe.db.commit()
	print(f"\nattack suite (records): {ATTEMPTS[0]} attempts")


def remove_created():
	f.delete_users(TOWN.get("users"))
	groups = [name for doctype, name in CREATED if doctype == "Responsibility Group"]
	for doctype in ("Group Member", "Meeting Minutes", "Individual Plan", "Escalation"):
		f.delete_records(doctype, {"group": ("in", groups or ["-"])})
	for doctype, name in reversed(CREATED):
		f.delete_records(doctype, {"name": name})


def keep(doc):
	CREATED.append((doc.doctype, doc.name))
	return doc


def login_user(name: str, roles=(), portal: bool = False) -> str:
	"""A user who logs in over HTTP, removed again with the module."""
	email = f.make_login_user(name, roles, PASSWORD, portal=portal)
	TOWN.setdefault("users", []).append(email)
	return email


def build_town(t):
	staff = f.login_staff(
		PASSWORD,
		nurse=("Sina Sykepleier", ["Group Participant"]),
		ended=("Erik Sluttet", ["Group Participant"]),
		uncovered=("Ulla Udekket", ["Group Participant"]),
		coordinator_member=("Mona Medlem", ["Coordinator"]),
		leader=("Lise Leder", ["Unit Leader"]),
		closed_coordinator=("Kåre Avsluttet", ["Coordinator"]),
		welfare_worker=("Vera Velferd", ["Group Participant"]),
	)
	t.update(staff)
	t.setdefault("users", []).extend(staff.values())
	t.parent = login_user("Ola Forelder", portal=True)
	t.other_parent = login_user("Per Annen", portal=True)

	t.school = keep(frappe.get_doc("Service Unit", f.make_unit(f.unique("Skole"), t.leader))).name
	t.health = keep(frappe.get_doc("Service Unit", f.make_unit(f.unique("Helsestasjon")))).name
	t.welfare = keep(frappe.get_doc("Service Unit", f.make_unit(f.unique("Barnevern")))).name

	# the family the group is for
	birth = add_days(getdate(), -int(10 * 365.25) - 30)
	t.child_fnr = f.number_for(birth, 123)
	child = f.make_service_user(
		relations=[
			f.parent("Ola Forelder", portal_user=t.parent, phone="91234567", email="ola.forelder@example.no"),
			f.parent("Anne Tante", 0, relation_type="Relative", phone="98765432"),
		],
		national_id=t.child_fnr,
	)
	t.child = keep(child).name
	consent = keep(f.make_consent(child, [t.school, t.health]))
	t.consent = consent.name
	group = keep(f.make_group(t.child, t.school, t.coordinator, consent.name, status=st.GROUP_APPROVED))
	t.group = group.name
	t.teacher_member = f.make_member(t.group, t.teacher, t.school).name
	f.make_member(t.group, t.nurse, t.school)
	f.make_member(t.group, t.ended, t.school, status=st.MEMBER_ENDED)
	t.uncovered_member = f.make_member(t.group, t.uncovered, t.health).name
	t.coordinator_member_row = f.make_member(t.group, t.coordinator_member, t.school).name

	pre = f.make_minutes(t.group, "Pre-meeting", days_ago=30)
	t.approved = f.advance(f.complete(pre).save() and pre, st.MINUTES_APPROVED).name
	draft = f.make_minutes(t.group, days_ago=2, minute_taker=t.teacher)
	t.draft = f.advance(draft, st.MINUTES_DRAFT).name
	t.invited = f.make_minutes(t.group, days_ago=-7, minute_taker=t.teacher).name
	t.plan = make_plan(t.group, t.teacher, t.school).name
	t.escalation = (
		frappe.get_doc(
			{
				"doctype": "Escalation",
				"group": t.group,
				"title": "Uenighet om skyss",
				"raised_on": getdate(),
				"service_unit": t.school,
				"unit_leader": t.leader,
				"issue": "Skyss til avlastning er ikke avklart mellom enhetene.",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)

	# the health unit loses coverage after Ulla joined
	consent = frappe.get_doc("Consent", t.consent)
	row = next(p for p in consent.partners if p.service_unit == t.health)
	row.withdrawn_on, row.withdrawal_reason = getdate(), "Helsestasjonen trenger ikke lenger opplysninger"
	consent.save()

	# another family, coordinated by someone else
	other_birth = add_days(getdate(), -int(12 * 365.25) - 40)
	t.other_fnr = f.number_for(other_birth, 321)
	other = f.make_service_user(
		relations=[f.parent("Per Annen", portal_user=t.other_parent, phone="40000001")],
		national_id=t.other_fnr,
	)
	t.other_child = keep(other).name
	other_consent = keep(f.make_consent(other, [t.welfare]))
	t.other_consent = other_consent.name
	other_group = keep(
		f.make_group(
			t.other_child, t.welfare, t.other_coordinator, other_consent.name, status=st.GROUP_APPROVED
		)
	)
	t.other_group = other_group.name
	t.other_member = f.make_member(t.other_group, t.welfare_worker, t.welfare, full_name="Vera Velferd").name
	t.other_plan = make_plan(t.other_group, t.welfare_worker, t.welfare, goal="Trives på ungdomsskolen").name

	# a closed group; after it closed, the person's new consent is registered by KE
	closed = f.make_closed_group(t.school, t.closed_coordinator)
	CREATED.extend(
		[
			("Service User", closed.service_user),
			("Consent", closed.consent),
			("Responsibility Group", closed.name),
		]
	)
	t.closed_group, t.closed_child, t.closed_consent = closed.name, closed.service_user, closed.consent
	with f.as_user(t.ke):
		later = f.make_consent(t.closed_child, [t.welfare], status=st.CONSENT_REGISTERED)
	t.later_consent = keep(later).name


def make_plan(group: str, responsible: str, unit: str, goal: str = "Lese alderstilpasset tekst"):
	return keep(
		f.make_plan(
			group, responsible, unit, needs="Lesestøtte.", goals=[{"goal": goal, "is_persons_own_goal": 1}]
		)
	)


# Roads --------------------------------------------------------------------------------------------------


def base_url() -> str:
	return frappe.utils.get_url().rstrip("/")


class Web(f.WebSession):
	"""A logged-in browser session of ``user`` against the served test site."""

	def __init__(self, user: str):
		super().__init__(user, PASSWORD)


def fresh():
	"""Read what the web server committed (a new snapshot for this connection)."""
	frappe.db.commit()


def stored(doctype: str, name: str, *fields) -> dict:
	fresh()
	return frappe.db.get_value(doctype, name, list(fields), as_dict=True)


def as_json(doctype: str, name: str, **changes) -> dict:
	doc = frappe.get_doc(doctype, name).as_dict(convert_dates_to_str=True)
	doc.update(changes)
	return json.loads(json.dumps(doc, default=str))


class AttackCase(f.MunicipalityTestCase):
	web_sessions: dict = {}
	language = None
	with_staff = False

	def tearDown(self):
		super().tearDown()
		frappe.local.message_log = []

	@classmethod
	def web(cls, user: str) -> Web:
		if user not in AttackCase.web_sessions:
			AttackCase.web_sessions[user] = Web(user)
		return AttackCase.web_sessions[user]

	def assertRefusedOverHttp(self, response: requests.Response, *secrets: str, what: str = ""):
		ATTEMPTS[0] += 1
		self.assertIn(
			response.status_code, (403, 417), f"{what}: {response.status_code} {response.text[:400]}"
		)
		for secret in secrets:
			self.assertNotIn(secret, response.text, what)

	def assertAllowedOverHttp(self, response: requests.Response, what: str = ""):
		ATTEMPTS[0] += 1
		self.assertEqual(response.status_code, 200, f"{what}: {response.text[:600]}")
		return response.json().get("message")

	def assertRefused(self, user: str, action, what: str = ""):
		"""In-process as ``user``: the action raises a PermissionError or a ValidationError."""
		ATTEMPTS[0] += 1
		with self.set_user(user):
			try:
				with self.assertRaises((frappe.PermissionError, frappe.ValidationError), msg=what):
					action()
			finally:
				frappe.local.message_log = []
				frappe.db.rollback()

	def assertPermission(self, user: str, doc, ptype: str, expected: bool, what: str = ""):
		ATTEMPTS[0] += 1
		with self.set_user(user):
			try:
				self.assertEqual(
					bool(frappe.has_permission(doc.doctype, ptype, doc=doc, user=user)), expected, what
				)
			finally:
				frappe.local.message_log = []


def count(doctype: str, **filters) -> int:
	fresh()
	return frappe.db.count(doctype, filters)


# Class 1: decided on the document's own values -------------------------------------------------------------


class TestUnsavedDocuments(AttackCase):
	"""R5: a document the client sends, never saved, reaches nothing the user may not see."""

	def unsaved_consent(self, service_user: str) -> dict:
		return f.consent_form(
			service_user, [TOWN.school], valid_from=str(getdate()), owner="{user}", received_by="{user}"
		)

	def test_r5_unsaved_consent_naming_another_person_prints_no_identity_number(self):
		t = TOWN
		fnr_shown = (t.other_fnr, t.other_fnr[:6] + " " + t.other_fnr[6:])
		for user in (
			t.coordinator,
			t.teacher,
			t.coordinator_member,
			t.ended,
			t.uncovered,
			t.closed_coordinator,
			t.leader,
			t.ke,
			t.outsider,
		):
			doc = self.unsaved_consent(t.other_child)
			doc["owner"] = doc["received_by"] = user  # values naming oneself grant nothing in a client's copy
			response = self.web(user).call(
				"frappe.www.printview.get_html_and_style",
				doc=json.dumps(doc),
				print_format="Samtykkeerklæring",
			)
			self.assertRefusedOverHttp(response, *fnr_shown, what=f"{user} prints an unsaved consent")

	def test_r5_unsaved_consent_of_ones_own_group_still_prints_for_the_coordinator(self):
		response = self.web(TOWN.coordinator).call(
			"frappe.www.printview.get_html_and_style",
			doc=json.dumps(self.unsaved_consent(TOWN.child)),
			print_format="Samtykkeerklæring",
		)
		html = self.assertAllowedOverHttp(response, "coordinator previews a consent of their own group")[
			"html"
		]
		self.assertIn(TOWN.child_fnr[:6], html.replace(" ", ""))

	def test_r5_saved_record_sent_with_another_group_is_judged_on_what_was_sent(self):
		# the approved minutes of Per's own group, but sent naming another group: printed as sent, refused
		for user in (TOWN.teacher, TOWN.coordinator):
			doc = as_json("Meeting Minutes", TOWN.approved, group=TOWN.other_group)
			response = self.web(user).call(
				"frappe.www.printview.get_html_and_style", doc=json.dumps(doc), print_format="Møtereferat"
			)
			self.assertRefusedOverHttp(response, what=f"{user} prints minutes re-pointed to another group")
		response = self.web(TOWN.teacher).call(
			"frappe.www.printview.get_html_and_style",
			doc=json.dumps(as_json("Meeting Minutes", TOWN.approved)),
			print_format="Møtereferat",
		)
		self.assertAllowedOverHttp(response, "member prints the approved minutes as stored")

	def test_r5_unsaved_minutes_for_another_group_reach_no_document_method(self):
		before = count("Email Queue")
		for user in (TOWN.coordinator, TOWN.teacher, TOWN.coordinator_member, TOWN.ke, TOWN.leader):
			doc = {
				"doctype": "Meeting Minutes",
				"__islocal": 1,
				"group": TOWN.other_group,
				"meeting_type": "Ordinary",
			}
			response = self.web(user).call(
				"run_doc_method", method="send_invitation", docs=json.dumps(doc), args="{}"
			)
			self.assertRefusedOverHttp(response, "Vera Velferd", "Lesekurs", what=f"{user} run_doc_method")
		self.assertEqual(count("Email Queue"), before)

	def test_r5_inserting_minutes_for_another_group_returns_nothing_and_saves_nothing(self):
		before = count("Meeting Minutes", group=TOWN.other_group)
		for user in (TOWN.coordinator, TOWN.coordinator_member, TOWN.teacher, TOWN.ke, TOWN.leader):
			doc = {
				"doctype": "Meeting Minutes",
				"group": TOWN.other_group,
				"meeting_type": "Ordinary",
				"meeting_date": str(getdate()),
				"individual_plan": TOWN.other_plan,
			}
			response = self.web(user).call("frappe.client.insert", doc=doc)
			self.assertRefusedOverHttp(response, "Vera Velferd", "Trives", what=f"{user} inserts minutes")
		self.assertEqual(count("Meeting Minutes", group=TOWN.other_group), before)

	def test_r5_minutes_of_ones_own_group_cannot_borrow_another_groups_plan(self):
		# R18: the status round comes from the group's own plan, never one the client names
		before = count("Meeting Minutes")
		doc = {
			"doctype": "Meeting Minutes",
			"group": TOWN.group,
			"meeting_type": "Ordinary",
			"meeting_date": str(add_days(getdate(), 7)),
			"individual_plan": TOWN.other_plan,
		}
		response = self.web(TOWN.coordinator).call("frappe.client.insert", doc=doc)
		self.assertRefusedOverHttp(response, "Trives", what="coordinator names another group's plan")
		self.assertEqual(count("Meeting Minutes"), before)

	def test_r5_coordinator_creates_minutes_for_their_own_group(self):
		doc = frappe.get_doc(
			{
				"doctype": "Meeting Minutes",
				"group": TOWN.group,
				"meeting_type": "Ordinary",
				"meeting_date": add_days(getdate(), 14),
			}
		)
		self.assertPermission(TOWN.coordinator, doc, "create", True, "own group")
		for user in (TOWN.coordinator_member, TOWN.teacher, TOWN.other_coordinator, TOWN.ke):
			self.assertPermission(user, doc, "create", False, f"{user} creates minutes")

	def test_r5_new_documents_are_judged_on_their_links(self):
		t = TOWN
		everything = ("create", "read", "print")
		cases = [
			(
				{"doctype": "Group Member", "group": t.other_group, "member_role": "Professional"},
				t.coordinator,
			),
			({"doctype": "Individual Plan", "group": t.other_group}, t.coordinator),
			({"doctype": "Escalation", "group": t.other_group, "unit_leader": t.coordinator}, t.coordinator),
			({"doctype": "Consent", "service_user": t.other_child, "owner": t.coordinator}, t.coordinator),
			({"doctype": "Consent", "service_user": t.child}, t.coordinator_member),
			(
				{
					"doctype": "Responsibility Group",
					"service_user": t.other_child,
					"coordinator": t.coordinator,
				},
				t.coordinator,
			),
			(
				{
					"doctype": "Responsibility Group",
					"service_user": t.other_child,
					"responsible_unit": t.school,
				},
				t.leader,
			),
			(
				{
					"doctype": "IP Application",
					"service_user": t.other_child,
					"proposed_coordinator": t.coordinator,
				},
				t.coordinator,
			),
		]
		for values, user in cases:
			doc = frappe.get_doc(values)
			for ptype in everything:
				self.assertPermission(user, doc, ptype, False, f"{user} {ptype} new {values}")
		# a member reads what is new in their own group, but creates nothing there (R5, R18)
		for values in (
			{"doctype": "Group Member", "group": t.group, "member_role": "Professional"},
			{"doctype": "Individual Plan", "group": t.group},
		):
			self.assertPermission(t.coordinator_member, frappe.get_doc(values), "create", False, str(values))
		allowed = [
			({"doctype": "Group Member", "group": t.group, "member_role": "Professional"}, t.coordinator),
			({"doctype": "Consent", "service_user": t.child}, t.coordinator),
			({"doctype": "Consent", "service_user": t.other_child}, t.ke),
			({"doctype": "IP Application", "service_user": t.child}, t.coordinator),
			({"doctype": "Escalation", "group": t.group, "unit_leader": t.leader}, t.coordinator),
		]
		for values, user in allowed:
			self.assertPermission(user, frappe.get_doc(values), "create", True, f"{user} creates {values}")


class TestWritesThatMoveRecords(AttackCase):
	"""R5, R3: a write is judged on the stored and on the new values; nobody moves a record where they have
	no right to be."""

	def test_r5_group_member_cannot_be_repointed_to_another_group(self):
		for user in (TOWN.coordinator, TOWN.teacher, TOWN.coordinator_member, TOWN.other_coordinator):
			response = self.web(user).set_value(
				"Group Member", TOWN.teacher_member, "group", TOWN.other_group
			)
			self.assertRefusedOverHttp(response, what=f"{user} re-points a member")
			self.assertEqual(stored("Group Member", TOWN.teacher_member, "group").group, TOWN.group)

	def test_r3_nobody_sets_themselves_as_coordinator(self):
		for user in (TOWN.teacher, TOWN.coordinator_member, TOWN.ke, TOWN.other_coordinator, TOWN.outsider):
			response = self.web(user).set_value("Responsibility Group", TOWN.group, "coordinator", user)
			self.assertRefusedOverHttp(response, what=f"{user} takes over the group")
			self.assertEqual(
				stored("Responsibility Group", TOWN.group, "coordinator").coordinator, TOWN.coordinator
			)

	def test_r18_plan_and_minutes_stay_in_their_group(self):
		for doctype, name in (("Individual Plan", TOWN.plan), ("Meeting Minutes", TOWN.draft)):
			for user in (TOWN.coordinator, TOWN.teacher, TOWN.coordinator_member):
				response = self.web(user).set_value(doctype, name, "group", TOWN.other_group)
				self.assertRefusedOverHttp(response, what=f"{user} moves {doctype}")
				self.assertEqual(stored(doctype, name, "group").group, TOWN.group)

	def test_r16_closed_groups_service_user_cannot_be_swapped(self):
		for user in (TOWN.closed_coordinator, TOWN.coordinator, TOWN.ke):
			response = self.web(user).set_value(
				"Responsibility Group", TOWN.closed_group, "service_user", TOWN.child
			)
			self.assertRefusedOverHttp(response, what=f"{user} swaps the person of a closed group")
		self.assertEqual(
			stored("Responsibility Group", TOWN.closed_group, "service_user").service_user, TOWN.closed_child
		)

	def test_r5_a_coordinator_role_is_only_a_member_in_a_group_it_does_not_coordinate(self):
		user = TOWN.coordinator_member
		group = frappe.get_doc("Responsibility Group", TOWN.group)
		self.assertPermission(user, group, "read", True, "a member reads the group")
		for doc, ptype in (
			(group, "write"),
			(frappe.get_doc("Group Member", TOWN.teacher_member), "write"),
			(frappe.get_doc("Group Member", TOWN.teacher_member), "delete"),
			(frappe.get_doc("Individual Plan", TOWN.plan), "write"),
			(frappe.get_doc("Meeting Minutes", TOWN.draft), "write"),
			(frappe.get_doc("Meeting Minutes", TOWN.draft), "delete"),
			(frappe.get_doc("Consent", TOWN.consent), "write"),
			(frappe.get_doc("Escalation", TOWN.escalation), "read"),
		):
			self.assertPermission(user, doc, ptype, False, f"{doc.doctype} {ptype}")
		before = count("Group Member", group=TOWN.group)
		response = self.web(user).call(
			"frappe.client.delete", doctype="Group Member", name=TOWN.teacher_member
		)
		self.assertRefusedOverHttp(response, what="a member deletes another member")
		self.assertEqual(count("Group Member", group=TOWN.group), before)
		mandate = stored("Responsibility Group", TOWN.group, "mandate").mandate
		response = self.web(user).set_value("Responsibility Group", TOWN.group, "mandate", "Overtatt")
		self.assertRefusedOverHttp(response, what="a member edits the group")
		self.assertEqual(stored("Responsibility Group", TOWN.group, "mandate").mandate, mandate)

	def test_r5_only_the_minute_taker_and_the_coordinator_change_draft_minutes(self):
		draft = frappe.get_doc("Meeting Minutes", TOWN.draft)
		self.assertPermission(TOWN.teacher, draft, "write", True, "the minute-taker")
		self.assertPermission(TOWN.coordinator, draft, "write", True, "the coordinator")
		for user in (TOWN.nurse, TOWN.coordinator_member, TOWN.ended, TOWN.uncovered, TOWN.outsider):
			self.assertPermission(user, draft, "write", False, f"{user} writes draft minutes")
		draft.minute_taker = TOWN.nurse
		self.assertPermission(TOWN.nurse, draft, "write", False, "a member makes themselves minute-taker")
		approving = frappe.get_doc("Meeting Minutes", TOWN.draft)
		approving.status = st.MINUTES_APPROVED
		self.assertPermission(TOWN.teacher, approving, "write", False, "the minute-taker approves")
		# frappe.client.set_value is closed (deny by default): the minute-taker saves the form
		response = self.web(TOWN.teacher).set_value(
			"Meeting Minutes", TOWN.draft, "conclusion", "Referenten skriver konklusjonen."
		)
		self.assertEqual(response.status_code, 403)
		doc = frappe.get_doc("Meeting Minutes", TOWN.draft).as_dict(convert_dates_to_str=True)
		doc["conclusion"] = "Referenten skriver konklusjonen."
		response = self.web(TOWN.teacher).call("frappe.desk.form.save.savedocs", doc=doc, action="Save")
		self.assertAllowedOverHttp(response, "the minute-taker writes the draft")
		self.assertEqual(
			stored("Meeting Minutes", TOWN.draft, "conclusion").conclusion, "Referenten skriver konklusjonen."
		)

	def test_r2_unit_leader_approves_the_groups_of_their_unit_but_not_its_members(self):
		group = frappe.get_doc("Responsibility Group", TOWN.group)
		self.assertPermission(TOWN.leader, group, "write", True, "the leader of the responsible unit")
		self.assertPermission(
			TOWN.leader, frappe.get_doc("Group Member", TOWN.teacher_member), "write", False
		)
		self.assertPermission(TOWN.leader, frappe.get_doc("Individual Plan", TOWN.plan), "write", False)
		self.assertPermission(
			TOWN.leader, frappe.get_doc("Responsibility Group", TOWN.other_group), "write", False
		)
		moved = frappe.get_doc("Responsibility Group", TOWN.other_group)
		moved.responsible_unit = TOWN.school
		self.assertPermission(TOWN.leader, moved, "write", False, "moves another unit's group into theirs")

	def test_r5_ended_and_uncovered_members_change_nothing(self):
		for user in (TOWN.ended, TOWN.uncovered):
			for doctype, name in (
				("Responsibility Group", TOWN.group),
				("Group Member", TOWN.teacher_member),
				("Meeting Minutes", TOWN.approved),
				("Individual Plan", TOWN.plan),
			):
				doc = frappe.get_doc(doctype, name)
				for ptype in ("read", "print", "write", "delete"):
					self.assertPermission(user, doc, ptype, False, f"{user} {ptype} {doctype}")

	def test_r5_child_tables_follow_their_parent(self):
		plan, consent = (
			frappe.get_doc("Individual Plan", TOWN.other_plan),
			frappe.get_doc("Consent", TOWN.consent),
		)
		measure, partner = plan.measures[0], consent.partners[0]  # a row knows its parent while it lives
		for user, row, ptype, expected in (
			(TOWN.coordinator, measure, "read", False),
			(TOWN.welfare_worker, measure, "read", True),
			(TOWN.welfare_worker, measure, "write", False),
			(TOWN.coordinator, partner, "read", True),
			(TOWN.teacher, partner, "read", False),
		):
			ATTEMPTS[0] += 1
			with self.set_user(user):
				permitted = frappe.has_permission(row.doctype, ptype, doc=row, user=user)
			self.assertEqual(bool(permitted), expected, f"{user} {ptype} {row.doctype}")
		self.assertRefused(
			TOWN.teacher,
			lambda: self.add_goal(TOWN.plan),
			"a member changes the plan's goals",
		)
		self.assertEqual(count("Plan Goal", parent=TOWN.plan), 1)

	@staticmethod
	def add_goal(plan_name: str):
		plan = frappe.get_doc("Individual Plan", plan_name)
		plan.append("goals", {"goal": "Nytt mål"})
		plan.save()


# Class 2: document methods work on the stored record -------------------------------------------------------


class TestDocumentMethods(AttackCase):
	def test_r18_update_my_measure_ignores_the_clients_copy(self):
		t = TOWN
		own_goals = stored("Individual Plan", t.plan, "own_goals").own_goals
		# a member not responsible for the measure claims it in the copy they send
		copy = as_json("Individual Plan", t.plan)
		copy["measures"][0]["responsible_person"] = t.coordinator_member
		copy["own_goals"] = "Skrevet om av et medlem"
		response = self.web(t.coordinator_member).call(
			"run_doc_method",
			method="update_my_measure",
			docs=json.dumps(copy),
			args=json.dumps({"measure_id": "T1", "status": "Stopped"}),
		)
		self.assertRefusedOverHttp(response, what="claims a measure in the client's copy")
		self.assertEqual(stored("Plan Measure", {"parent": t.plan}, "status").status, "Ongoing")
		# the person responsible changes only the measure, whatever else the copy says
		copy = as_json("Individual Plan", t.plan)
		copy["own_goals"] = "Skrevet om av læreren"
		copy["measures"][0]["description"] = "Et annet tiltak"
		response = self.web(t.teacher).call(
			"run_doc_method",
			method="update_my_measure",
			docs=json.dumps(copy),
			args=json.dumps({"measure_id": "T1", "status": "Done"}),
		)
		self.assertAllowedOverHttp(response, "the responsible person reports the measure")
		measure = stored("Plan Measure", {"parent": t.plan}, "status", "description")
		self.assertEqual((measure.status, measure.description), ("Done", "Lesekurs to ganger i uka"))
		self.assertEqual(stored("Individual Plan", t.plan, "own_goals").own_goals, own_goals)
		frappe.db.set_value("Plan Measure", {"parent": t.plan}, "status", "Ongoing")
		frappe.db.commit()

	def test_r9_only_the_coordinator_sends_the_invitation_of_the_stored_minutes(self):
		attacker = "angriper@example.no"

		def copy_with_attacker():
			copy = as_json("Meeting Minutes", TOWN.invited)
			copy["participants"].append({"participant_name": "Utenforstående", "email": attacker})
			return json.dumps(copy)

		def mailed_to_attacker():
			fresh()
			return frappe.db.count("Email Queue Recipient", {"recipient": attacker})

		before = count("Email Queue")
		# the minute-taker may write the invited minutes, but sending the invitation is the coordinator's
		for user in (TOWN.teacher, TOWN.coordinator_member, TOWN.nurse):
			response = self.web(user).call(
				"run_doc_method", method="send_invitation", docs=copy_with_attacker(), args="{}"
			)
			self.assertRefusedOverHttp(response, what=f"{user} sends the invitation")
			self.assertEqual(response.status_code, 403, response.text[:300])
		self.assertEqual(count("Email Queue"), before)
		# the coordinator sends the minutes as stored: to their invitees, never to whom the copy adds
		response = self.web(TOWN.coordinator).call(
			"run_doc_method", method="send_invitation", docs=copy_with_attacker(), args="{}"
		)
		self.assertAllowedOverHttp(response, "the coordinator sends the invitation")
		self.assertGreater(count("Email Queue"), before)
		self.assertEqual(mailed_to_attacker(), 0)

	def test_r18_make_individual_plan_is_the_coordinators_and_reveals_no_other_plan(self):
		from ansvarsgruppe.ansvarsgruppe.doctype.individual_plan.individual_plan import make_individual_plan

		for user in (TOWN.coordinator, TOWN.coordinator_member, TOWN.ke):
			response = self.web(user).call(
				"ansvarsgruppe.ansvarsgruppe.doctype.individual_plan.individual_plan.make_individual_plan",
				group=TOWN.other_group,
			)
			self.assertRefusedOverHttp(response, TOWN.other_plan, what=f"{user} opens another group's plan")
		self.assertRefused(TOWN.coordinator_member, lambda: make_individual_plan(TOWN.group))
		with self.set_user(TOWN.coordinator):
			ATTEMPTS[0] += 1
			self.assertEqual(make_individual_plan(TOWN.group), TOWN.plan)


# Class 5: final records stay final --------------------------------------------------------------------------


class TestFinalRecords(AttackCase):
	"""R11, R4, R18, R16: approved minutes, a signed consent, an approved plan version and a closed group are
	read-only on the server for every role; only the named exceptions still happen."""

	def set_value(self, user, doctype, name, fieldname, value):
		with self.set_user(user):
			doc = frappe.get_doc(doctype, name)
			doc.set(fieldname, value)
			doc.save()

	def test_r11_approved_minutes_are_read_only_for_every_role(self):
		conclusion = stored("Meeting Minutes", TOWN.approved, "conclusion").conclusion
		for user in (TOWN.coordinator, "Administrator"):
			self.assertRefused(
				user,
				lambda u=user: self.set_value(u, "Meeting Minutes", TOWN.approved, "conclusion", "Endret"),
			)
			self.assertRefused(user, lambda: self.drop_participant(TOWN.approved))
			self.assertRefused(user, lambda: frappe.delete_doc("Meeting Minutes", TOWN.approved))
		response = self.web(TOWN.coordinator).set_value(
			"Meeting Minutes", TOWN.approved, "conclusion", "Endret over HTTP"
		)
		self.assertRefusedOverHttp(response, what="coordinator edits approved minutes")
		self.assertEqual(stored("Meeting Minutes", TOWN.approved, "conclusion").conclusion, conclusion)
		for status in (st.MINUTES_DRAFT, st.MINUTES_INVITED):
			self.assertRefused(
				"Administrator",
				lambda s=status: self.set_value(
					"Administrator", "Meeting Minutes", TOWN.approved, "status", s
				),
			)

	@staticmethod
	def drop_participant(name):
		doc = frappe.get_doc("Meeting Minutes", name)
		doc.participants = doc.participants[1:]
		doc.save()

	def test_r11_approved_minutes_can_still_be_distributed(self):
		from frappe.model.workflow import apply_workflow

		with self.set_user(TOWN.coordinator):
			ATTEMPTS[0] += 1
			doc = apply_workflow(frappe.get_doc("Meeting Minutes", TOWN.approved), "Distribuer")
			self.assertEqual(doc.status, st.MINUTES_DISTRIBUTED)
		self.assertRefused(
			"Administrator",
			lambda: self.set_value(
				"Administrator", "Meeting Minutes", TOWN.approved, "conclusion", "Etterpå"
			),
		)
		frappe.db.rollback()

	def test_r4_signed_consent_content_is_read_only_but_can_be_withdrawn(self):
		from ansvarsgruppe.api.portal import withdraw_consent

		t = TOWN
		for user in (t.coordinator, "Administrator"):
			self.assertRefused(
				user, lambda u=user: self.set_value(u, "Consent", t.consent, "case_description", "Alt mulig")
			)
			self.assertRefused(user, lambda: self.add_partner(t.consent, t.welfare))
			self.assertRefused(user, lambda: frappe.delete_doc("Consent", t.consent))
		response = self.web(t.coordinator).set_value(
			"Consent",
			t.consent,
			"valid_to",
			str(add_days(getdate(), 3650)),
		)
		self.assertRefusedOverHttp(response, what="coordinator extends a signed consent")
		self.assertEqual(count("Consent Partner", parent=t.consent), 2)
		with self.set_user(t.coordinator):
			ATTEMPTS[0] += 1
			withdraw_consent(t.consent, "Skolen trenger ikke lenger opplysninger", t.school)
			ATTEMPTS[0] += 1
			self.assertEqual(
				withdraw_consent(t.consent, "Foreldrene trekker samtykket"), st.CONSENT_WITHDRAWN
			)
		frappe.db.rollback()

	@staticmethod
	def add_partner(consent, unit):
		doc = frappe.get_doc("Consent", consent)
		doc.append("partners", {"service_unit": unit})
		doc.save()

	def test_r18_approved_plan_is_followed_up_not_rewritten(self):
		t = TOWN
		for user in (t.coordinator, "Administrator"):
			self.assertRefused(
				user, lambda u=user: self.set_value(u, "Individual Plan", t.plan, "own_goals", "Omskrevet")
			)
			self.assertRefused(user, lambda: frappe.delete_doc("Individual Plan", t.plan))
		response = self.web(t.coordinator).set_value("Individual Plan", t.plan, "needs", "Nye behov")
		self.assertRefusedOverHttp(response, what="coordinator rewrites an approved plan")
		self.assertEqual(stored("Individual Plan", t.plan, "needs").needs, "Lesestøtte.")
		# following up and revising (a new version that supersedes it) still work
		from ansvarsgruppe.api.archive import correct

		with self.set_user(t.coordinator):
			ATTEMPTS[0] += 1
			plan = frappe.get_doc("Individual Plan", t.plan)
			plan.next_revision_date = add_days(getdate(), 90)
			plan.measures[0].status = "Done"
			plan.save()
			ATTEMPTS[0] += 1
			plan.status = "Under Revision"
			self.assertRaises(frappe.ValidationError, plan.save)  # never in place
			ATTEMPTS[0] += 1
			revision = frappe.get_doc(
				"Individual Plan", correct("Individual Plan", t.plan, "Nytt mål")["new_version"]
			)
			revision.own_goals, revision.status = "Jeg vil lese og spille fotball.", "Approved"
			revision.no_agreement_reason = "Personen ville ta stilling til planen senere."
			revision.save()
			self.assertEqual(revision.approved_by, t.coordinator)
		frappe.db.rollback()

	def test_r16_closed_group_is_read_only_for_every_role(self):
		t = TOWN
		for user in (t.closed_coordinator, "Administrator"):
			self.assertRefused(
				user,
				lambda u=user: self.set_value(
					u, "Responsibility Group", t.closed_group, "closing_reason", "Annet"
				),
			)
			self.assertRefused(
				user,
				lambda u=user: self.set_value(
					u, "Responsibility Group", t.closed_group, "status", st.GROUP_ACTIVE
				),
			)
			self.assertRefused(user, lambda: frappe.delete_doc("Responsibility Group", t.closed_group))
		self.assertEqual(stored("Responsibility Group", t.closed_group, "status").status, st.GROUP_CLOSED)


# Class 7: leftover access -----------------------------------------------------------------------------------


class TestLeftoverAccess(AttackCase):
	def test_r5_closed_groups_coordinator_keeps_the_group_not_the_persons_later_records(self):
		t = TOWN
		web = self.web(t.closed_coordinator)
		self.assertAllowedOverHttp(
			web.get(f"/api/resource/Responsibility Group/{t.closed_group}"), "reads the closed group"
		)
		self.assertAllowedOverHttp(
			web.get(f"/api/resource/Consent/{t.closed_consent}"), "the group's consent"
		)
		for doctype, name in (("Consent", t.later_consent), ("Service User", t.closed_child)):
			self.assertRefusedOverHttp(web.get(f"/api/resource/{doctype}/{name}"), what=f"later {doctype}")
		listed = self.assertAllowedOverHttp(
			web.call("frappe.client.get_list", doctype="Consent", fields=["name"], limit_page_length=0)
		)
		self.assertNotIn(t.later_consent, [row["name"] for row in listed])
		self.assertIn(t.closed_consent, [row["name"] for row in listed])

	def test_r19_attachments_cannot_be_made_public_after_upload(self):
		from ansvarsgruppe.permissions.files import PROTECTED_DOCTYPES

		self.assertTrue({"Individual Plan", "Escalation"} <= PROTECTED_DOCTYPES)
		for doctype, name in (("Individual Plan", TOWN.plan), ("Escalation", TOWN.escalation)):
			ATTEMPTS[0] += 1
			with self.assertRaises(frappe.ValidationError):
				self.attach(doctype, name, is_private=0)
			frappe.db.rollback()
		file = self.attach("Escalation", TOWN.escalation, is_private=1)  # the approved plan takes no file
		frappe.db.commit()
		CREATED.append(("File", file.name))
		response = self.web(TOWN.coordinator).set_value("File", file.name, "is_private", 0)
		self.assertRefusedOverHttp(response, what="makes the escalation's attachment public")
		self.assertEqual(stored("File", file.name, "is_private").is_private, 1)
		for user in (TOWN.coordinator, "Administrator"):
			self.assertRefused(user, lambda: self.make_public(file.name))
		self.assertRefused("Administrator", lambda: self.move_and_publish(file.name))
		self.assertEqual(stored("File", file.name, "is_private").is_private, 1)

	@staticmethod
	def attach(doctype, name, is_private):
		return frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"vedlegg-{frappe.generate_hash(length=6)}.txt",
				"content": "Vedlegg med personopplysninger",
				"is_private": is_private,
				"attached_to_doctype": doctype,
				"attached_to_name": name,
			}
		).insert()

	@staticmethod
	def make_public(name):
		file = frappe.get_doc("File", name)
		file.is_private = 0
		file.save()

	@staticmethod
	def move_and_publish(name):
		file = frappe.get_doc("File", name)
		file.attached_to_doctype = file.attached_to_name = file.attached_to_field = None
		file.is_private = 0
		file.save()

	def test_portal_prints_no_persons_record_with_relatives_contact_details(self):
		t = TOWN
		for user, person in ((t.parent, t.child), (t.other_parent, t.child), (t.parent, t.other_child)):
			for response in (
				self.web(user).get(
					"/api/method/frappe.utils.print_format.download_pdf", doctype="Service User", name=person
				),
				self.web(user).call(
					"frappe.www.printview.get_html_and_style", doc="Service User", name=person
				),
				self.web(user).get("/printview", doctype="Service User", name=person),
			):
				ATTEMPTS[0] += 1
				self.assertNotEqual(response.status_code, 200, f"{user} prints {person}")
				self.assertNotIn("98765432", response.text)
				self.assertNotIn("91234567", response.text)

	def test_portal_parent_of_another_family_reaches_none_of_the_records(self):
		web = self.web(TOWN.other_parent)
		for doctype, name in (
			("Responsibility Group", TOWN.group),
			("Meeting Minutes", TOWN.approved),
			("Consent", TOWN.consent),
			("Individual Plan", TOWN.plan),
		):
			response = web.get(
				"/api/method/frappe.utils.print_format.download_pdf", doctype=doctype, name=name
			)
			self.assertRefusedOverHttp(response, what=f"another family's {doctype}")
		# while the family's own parent still gets their approved minutes
		response = self.web(TOWN.parent).get(
			"/api/method/frappe.utils.print_format.download_pdf",
			doctype="Meeting Minutes",
			name=TOWN.approved,
		)
		ATTEMPTS[0] += 1
		self.assertEqual(response.status_code, 200, response.text[:300])
		self.assertTrue(response.content.startswith(b"%PDF"))
