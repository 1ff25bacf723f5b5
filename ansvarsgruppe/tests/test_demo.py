"""The demo municipality: made through the controllers, and bulk-written rows that pass them unchanged."""

import contextlib
import io
from unittest.mock import patch

import frappe
from frappe.utils import getdate
from frappe.utils.password import check_password

from ansvarsgruppe import demo
from ansvarsgruppe.controllers.rules_bridge import consent_values, covered_units, get_settings, today
from ansvarsgruppe.rules import adulthood, national_id
from ansvarsgruppe.rules import consent as consent_rules
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tasks.deadlines import groups_without_approved_plan
from ansvarsgruppe.tests import factories as f

PASSWORD = "demo-passord-test-1"
OPEN_APPROVED = (st.GROUP_APPROVED, st.GROUP_ACTIVE)

# What the controllers fill in or keep: a bulk-written document must already hold the values they compute.
# Fields fetched from a link and the workflow state are added to these (see ``derived``).
DERIVED = {
	"Service User": ("national_id", "birth_date"),
	"Consent": ("signed_by_name", "status"),
	"IP Application": ("applicant_name", "applicant_relation", "status"),
	"Responsibility Group": ("established_date", "next_review_due", "status"),
	"Group Member": ("full_name", "email", "user", "relation", "service_unit", "status"),
	"Meeting Minutes": (
		"previous_minutes",
		"previous_minutes_result",
		"minutes_due_date",
		"approval_reminder_date",
		"consent_reservations",
		"approved_by",
		"approved_on",
		"status",
	),
	"Individual Plan": (
		"service_user",
		"service_user_name",
		"consent",
		"coordinator",
		"participants",
		"approved_by",
		"approved_on",
		"status",
	),
}


def derived(doctype: str) -> list[str]:
	meta = frappe.get_meta(doctype)
	fetched = [field.fieldname for field in meta.fields if field.fetch_from]
	workflow = ["workflow_state"] if meta.has_field("workflow_state") else []
	return [*DERIVED[doctype], *fetched, *workflow]


def names(doctype: str) -> set[str]:
	return set(frappe.get_all(doctype, pluck="name"))


class TestDemo(f.MunicipalityTestCase):
	language = None
	with_staff = False

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		start = demo.groups_in(demo.demo_case_count())
		# create() commits; here everything stays in the test's transaction and is rolled back at the end.
		printed = io.StringIO()
		with patch.object(frappe.local.db, "commit") as commit, contextlib.redirect_stdout(printed):
			before = {doctype: names(doctype) for doctype in demo.DEMO_DOCTYPES}
			demo.create(groups=start + 6, password=PASSWORD)
			validated = {doctype: names(doctype) for doctype in demo.DEMO_DOCTYPES}
			demo.create(groups=start + 12, password=PASSWORD, validated=0)
			cls.commits = commit.call_count
		cls.printed = printed.getvalue()
		cls.validated = {dt: validated[dt] - before[dt] for dt in demo.DEMO_DOCTYPES}
		cls.bulk = {dt: names(dt) - validated[dt] for dt in demo.DEMO_DOCTYPES}
		cls.new = {dt: cls.validated[dt] | cls.bulk[dt] for dt in demo.DEMO_DOCTYPES}

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		# The demo turned test mode on; the cached settings must not outlive the rollback (R20 tests).
		frappe.clear_document_cache(demo.SETTINGS, demo.SETTINGS)
		super().tearDownClass()

	def came_of_age(self, names=None) -> list:
		"""The groups whose person came of age in the last week (by the birth date the number gives)."""
		today_, found = getdate(), []
		for group in self.groups(names):
			birth = frappe.db.get_value("Service User", group.service_user, "birth_date")
			if 0 < (today_ - adulthood.adult_on(getdate(birth), 18)).days <= 7:
				found.append(group)
		return found

	def groups(self, names=None):
		return [
			frappe.get_doc("Responsibility Group", name)
			for name in sorted(names or self.new["Responsibility Group"])
		]

	def test_counts_and_commit(self):
		self.assertEqual(len(self.validated["Responsibility Group"]), 6)
		self.assertEqual(len(self.bulk["Responsibility Group"]), 6)
		self.assertGreaterEqual(len(self.new["Service User"]), 12)
		self.assertGreaterEqual(self.commits, 2)

	def test_units_and_unit_leaders(self):
		units = frappe.get_all("Service Unit", fields=["name", "agency_type", "unit_leader"])
		self.assertGreaterEqual(len(units), 12)
		self.assertIn("External", {u.agency_type for u in units if u.name == "BUP (ekstern)"})
		for unit in units:
			if unit.name in {u[0] for u in demo.UNITS}:
				self.assertIn("Unit Leader", frappe.get_roles(unit.unit_leader), unit.name)

	def test_users_exist_with_their_roles_language_and_password(self):
		staff = demo.staff_users()
		self.assertEqual(
			{role for *_rest, roles, _unit in staff for role in roles},
			{
				"Coordinating Unit",
				"Unit Leader",
				"Coordinator",
				"Group Participant",
				"Local Administrator",
				"Archive",
			},
		)
		for email, name, _title, roles, _unit in staff:
			self.assertTrue(email.isascii(), email)
			user = frappe.get_doc("User", email)
			self.assertEqual((user.full_name, user.language, user.user_type), (name, "no", "System User"))
			self.assertTrue(set(roles) <= set(frappe.get_roles(email)), email)
			self.assertEqual(check_password(email, PASSWORD), email)

	def test_the_printed_log_ins_include_a_local_administrator_and_an_archive_user(self):
		"""R16, R19: whoever tries the demo can log in as the municipality's administrator of the tool (who
		archives and reopens groups) and as archive staff (who read the archive packages)."""
		lines = self.printed.splitlines()  # (the demo was made twice, and printed its users twice)
		for role in ("Local Administrator", "Archive"):
			printed = {line.split()[0] for line in lines if line.strip().endswith(role)}
			self.assertEqual(len(printed), 1, f"one printed log-in as {role}")
			email = printed.pop()
			self.assertEqual(frappe.get_roles(email).count(role), 1, email)
			self.assertEqual(check_password(email, PASSWORD), email)
			self.assertEqual(frappe.db.get_value("User", email, "user_type"), "System User")

	def test_staff_land_on_their_roles_home_on_norwegian_settings(self):
		from ansvarsgruppe.setup.homes import home_for

		for email, _name, _title, roles, _unit in demo.staff_users():
			self.assertEqual(frappe.db.get_value("User", email, "default_workspace"), home_for(roles), email)
		self.assertEqual(frappe.db.get_single_value("System Settings", "time_zone"), "Europe/Oslo")
		self.assertEqual(frappe.db.get_single_value("System Settings", "date_format"), "dd.mm.yyyy")

	def test_r1_families_log_in_to_the_portal_for_the_person_they_act_for(self):
		from ansvarsgruppe.portal.people import is_portal_user, represented

		with patch.object(frappe.local.db, "commit"):
			families = demo.ensure_portal_families(PASSWORD)
		kinds = [kind for _email, _name, kind, _person in families]
		self.assertEqual(
			{kind: kinds.count(kind) for kind in set(kinds)}, {"parent": 4, "guardian": 1, "the person": 1}
		)
		for email, _name, _kind, person in families:
			self.assertTrue(is_portal_user(email), email)
			self.assertEqual(frappe.db.get_value("User", email, "user_type"), "Website User")
			self.assertIn(person, represented(email))
			self.assertEqual(check_password(email, PASSWORD), email)
		with patch.object(frappe.local.db, "commit"):
			self.assertEqual(demo.ensure_portal_families(PASSWORD), families)

	def test_r5_demo_families_have_conversations_with_documents_and_one_to_the_coordinator_only(self):
		with patch.object(frappe.local.db, "commit"):
			families = demo.ensure_portal_families(PASSWORD)
		people = {person for _email, _name, _kind, person in families}
		groups = frappe.get_all(
			"Responsibility Group",
			{"service_user": ("in", list(people)), "status": ("in", list(st.GROUP_OPEN))},
			pluck="name",
		)
		messages = frappe.get_all(
			"Group Message", {"group": ("in", groups)}, ["name", "group", "only_to_coordinator"]
		)
		self.assertEqual({m.group for m in messages}, set(groups), "every demo family has a conversation")
		self.assertTrue(any(m.only_to_coordinator for m in messages))
		documents = frappe.get_all(
			"Group Message Attachment",
			{"parent": ("in", [m.name for m in messages])},
			["document_type", "file"],
		)
		self.assertTrue({"PDF", "PNG"} <= {d.document_type for d in documents})
		for document in documents:
			file = frappe.db.get_value(
				"File", document.file, ["is_private", "attached_to_doctype"], as_dict=True
			)
			self.assertEqual((file.is_private, file.attached_to_doctype), (1, "Responsibility Group"))
		with patch.object(frappe.local.db, "commit"):
			self.assertEqual(demo.ensure_conversations(families), 0, "a second run adds nothing")

	def test_demo_mail_goes_to_the_local_mail_server(self):
		with patch.object(frappe.local.db, "commit"):
			account = frappe.get_doc("Email Account", demo.use_mail_server(port=2526))
			self.assertEqual(demo.use_mail_server(port=2526), account.name)
		self.assertEqual(
			(account.smtp_server, account.smtp_port, account.default_outgoing, account.enable_outgoing),
			("127.0.0.1", "2526", 1, 1),
		)
		self.assertEqual(frappe.db.count("Email Account", {"default_outgoing": 1}), 1)

	def test_every_status_is_shown(self):
		groups = {g.status for g in self.groups()}
		self.assertEqual(groups, {st.GROUP_PROPOSED, st.GROUP_APPROVED, st.GROUP_ACTIVE, st.GROUP_CLOSED})
		# 12 groups in a row always show every group status; applications without a group come 3 in 20.
		applications = set(frappe.get_all("IP Application", pluck="status"))
		self.assertTrue(
			{
				st.APPLICATION_RECEIVED,
				st.APPLICATION_DECIDED,
				st.APPLICATION_APPOINTED,
				st.APPLICATION_REJECTED,
			}
			<= applications
		)
		minutes = {frappe.db.get_value("Meeting Minutes", n, "status") for n in self.new["Meeting Minutes"]}
		self.assertTrue({st.MINUTES_INVITED, st.MINUTES_APPROVED} <= minutes)

	def test_r3_r4_r5_r7_approved_groups_have_one_coordinator_and_a_consent_in_force(self):
		checked = 0
		waiting = {g.name for g in self.came_of_age()}  # asked for their own consent (R4)
		for group in self.groups():
			if group.status not in OPEN_APPROVED or group.name in waiting:
				continue
			checked += 1
			members = frappe.get_all(
				"Group Member",
				filters={"group": group.name, "status": ("!=", st.MEMBER_ENDED)},
				fields=["member_role", "user", "service_unit", "mandate_clarified", "relation"],
			)
			coordinators = [m for m in members if m.member_role == "Coordinator"]
			self.assertEqual([m.user for m in coordinators], [group.coordinator], group.name)
			self.assertTrue(consent_rules.is_in_force(consent_values(group.consent), today()), group.name)
			units = covered_units(group.consent)
			professionals = [m for m in members if m.member_role == "Professional"]
			self.assertTrue(2 <= len(professionals) <= 4, group.name)
			for member in coordinators + professionals:
				self.assertIn(member.service_unit, units)
				self.assertTrue(member.mandate_clarified)
			self.assertTrue(any(m.member_role in ("Relative", "Guardian") and m.relation for m in members))
		self.assertGreater(checked, 0)

	def test_r1_r4_a_person_who_just_came_of_age_is_asked_to_consent(self):
		"""One person per run came of age in the last days: the consent a parent signed ended the day before,
		the group carries on, and (through the controllers) the person is invited to the portal."""
		for names, invited in ((self.validated, True), (self.bulk, False)):
			groups = self.came_of_age(names["Responsibility Group"])
			self.assertEqual(len(groups), 1, "one person came of age in each run")
			group = groups[0]
			self.assertEqual(group.status, st.GROUP_ACTIVE)
			person = frappe.get_doc("Service User", group.service_user)
			day = adulthood.adult_on(getdate(person.birth_date), 18)
			consent = frappe.get_doc("Consent", group.consent)
			self.assertEqual(consent.status, st.CONSENT_EXPIRED)
			self.assertEqual(getdate(consent.valid_to), frappe.utils.add_days(day, -1))
			signer = next(r for r in person.relations if r.name == consent.signed_by_relation)
			self.assertEqual((signer.has_parental_responsibility, signer.is_guardian), (1, 0))
			self.assertTrue(person.email)
			if invited:
				self.assertTrue(person.portal_user, "the person is invited to the portal")

	def test_r2_child_coordinators_for_young_children(self):
		for names in (self.validated, self.bulk):
			marked = [g for g in self.groups(names["Responsibility Group"]) if g.child_coordinator]
			self.assertTrue(marked, "a child coordinator in each run")
			for group in marked:
				app = frappe.get_doc("IP Application", group.ip_application)
				self.assertEqual(
					(app.asks_child_coordinator, app.serious_condition, app.long_term_varied_services),
					(1, 1, 1),
				)

	def test_r24_families_answered_their_invitation_and_proposed_items(self):
		with patch.object(frappe.local.db, "commit"):
			families = demo.ensure_portal_families(PASSWORD)
		people = list({person for _email, _name, _kind, person in families})
		mine = {
			"group": (
				"in",
				frappe.get_all("Responsibility Group", {"service_user": ("in", people)}, pluck="name"),
			)
		}
		responses = frappe.get_all("Meeting Response", mine, ["minutes", "responder", "attendance"])
		proposals = frappe.get_all("Agenda Proposal", mine, ["minutes", "proposed_by", "status"])
		self.assertEqual({r.attendance for r in responses}, {"Coming", "Not coming"})
		self.assertGreaterEqual(len(proposals), 3)
		self.assertEqual({p.status for p in proposals}, {"Proposed"})
		self.assertEqual({p.minutes for p in proposals}, {r.minutes for r in responses})
		for response in responses:
			self.assertEqual(frappe.db.get_value("User", response.responder, "user_type"), "Website User")
		with patch.object(frappe.local.db, "commit"):
			self.assertEqual(demo.ensure_family_voice(families), 0, "a second run adds nothing")

	def test_r24_the_person_took_part_in_their_plan_and_agreed_to_it(self):
		with patch.object(frappe.local.db, "commit"):
			families = demo.ensure_portal_families(PASSWORD)
		plan = frappe.get_all(
			"Individual Plan",
			filters={"person_agreed": 1, "status": "Approved"},
			fields=["name", "service_user", "agreed_by", "agreed_as"],
		)
		self.assertTrue(plan, "the demo shows an approved plan the person agreed to")
		self.assertEqual(plan[0].agreed_as, "The Person")
		self.assertIn((plan[0].agreed_by, plan[0].service_user), {(u, p) for u, _n, _k, p in families})
		proposals = frappe.get_all("Plan Proposal", {"plan": plan[0].name}, ["kind", "status", "goal_id"])
		self.assertEqual(
			{(p.kind, p.status) for p in proposals}, {("Goal", "Taken in"), ("Comment", "Answered")}
		)
		goals = frappe.get_doc("Individual Plan", plan[0].name).goals
		self.assertIn("Leisure", [g.life_area for g in goals])
		with patch.object(frappe.local.db, "commit"):
			self.assertEqual(demo.ensure_plan_voice(families), 0, "a second run adds nothing")

	def test_r8_r11_r16_meetings_and_closing(self):
		for group in self.groups():
			minutes = frappe.get_all(
				"Meeting Minutes",
				filters={"group": group.name},
				fields=["meeting_type", "meeting_date", "status"],
				order_by="meeting_date",
			)
			if group.status == st.GROUP_PROPOSED:
				continue
			self.assertEqual(minutes[0].meeting_type, "Pre-meeting", group.name)  # R8
			if group.status == st.GROUP_CLOSED:
				self.assertEqual(minutes[-1].meeting_type, "Closing", group.name)  # R16
				self.assertTrue(group.closed_date and group.closing_reason)
				self.assertGreaterEqual(getdate(group.closed_date), getdate(minutes[-1].meeting_date))
				statuses = frappe.get_all("Group Member", filters={"group": group.name}, pluck="status")
				self.assertEqual(set(statuses), {st.MEMBER_ENDED})

	def test_r18_validated_active_groups_with_a_plan_have_one(self):
		planned = [
			g
			for g in self.groups(self.validated["Responsibility Group"])
			if g.status == st.GROUP_ACTIVE and g.has_individual_plan
		]
		self.assertTrue(planned, "the demo shows at least one individual plan")
		for group in planned:
			plan = frappe.get_doc("Individual Plan", {"group": group.name, "status": "Approved"})
			self.assertEqual(plan.status, "Approved")
			self.assertTrue(plan.measures and all(m.responsible_person for m in plan.measures), group.name)
			self.assertEqual(plan.goals[0].is_persons_own_goal, 1)

	def test_r18_no_demo_group_is_due_a_plan_not_made_alert(self):
		"""Every active group whose application asked for a plan has an approved one, also the bulk-written
		ones, so the first daily run sends no "Individual Plan Not Made" for the demo's groups."""
		planned = [g.name for g in self.groups() if g.status == st.GROUP_ACTIVE and g.has_individual_plan]
		self.assertTrue(set(planned) & self.bulk["Responsibility Group"], "a bulk group with a plan")
		approved = frappe.get_all(
			"Individual Plan", {"group": ("in", planned), "status": "Approved"}, ["group", "approved_on"]
		)
		self.assertEqual(sorted(p.group for p in approved if p.approved_on), sorted(planned))
		months = int(get_settings().plan_deadline_months or 3)
		due = {row.name for row in groups_without_approved_plan(getdate(), months).run(as_dict=True)}
		self.assertFalse(due & self.new["Responsibility Group"], "demo groups due a plan-not-made alert")

	def test_r19_the_closed_groups_made_through_the_controllers_are_archived(self):
		closed = [
			g.name
			for g in self.groups()
			if g.status == st.GROUP_CLOSED and g.name in self.validated["Responsibility Group"]
		]
		self.assertTrue(closed, "the demo shows a closed group")
		for group in closed:
			package = frappe.get_all(
				"Archive Package", filters={"group": group}, fields=["package_file", "documents"]
			)
			self.assertEqual(len(package), 1, group)
			self.assertTrue(package[0].documents, group)
			self.assertTrue(frappe.db.exists("File", {"file_url": package[0].package_file}), group)

	def test_r20_identity_numbers_are_synthetic_and_valid(self):
		for name in self.new["Service User"]:
			number, birth = frappe.db.get_value("Service User", name, ["national_id", "birth_date"])
			parsed = national_id.parse(number, allow_synthetic=True, today=today())
			self.assertTrue(parsed.synthetic, number)
			self.assertEqual(parsed.birth_date, getdate(birth))

	def test_running_again_adds_nothing(self):
		counts = {doctype: frappe.db.count(doctype) for doctype in demo.DEMO_DOCTYPES}
		with patch.object(frappe.local.db, "commit"), contextlib.redirect_stdout(io.StringIO()):
			demo.create(groups=demo.groups_in(demo.demo_case_count()), password=PASSWORD)
		self.assertEqual(counts, {doctype: frappe.db.count(doctype) for doctype in demo.DEMO_DOCTYPES})

	def test_bulk_rows_pass_the_controllers_and_keep_their_values(self):
		"""Every bulk-written document saves through its controller, which computes the same values. The group
		whose person just came of age carries on (R4: the lapsed consent does not lock it); of its documents
		those the parent's consent spoke for may be refused until the person consents, as in the app."""
		waiting = {g.name for g in self.came_of_age(self.bulk["Responsibility Group"])}
		refused = []
		kept = {
			name: frappe.db.get_value(
				"Responsibility Group", name, ["next_meeting_date", "last_annual_review"], as_dict=True
			)
			for name in self.bulk["Responsibility Group"]
		}
		for doctype in demo.DEMO_DOCTYPES:
			self.assertTrue(self.bulk[doctype], doctype)
			for name in sorted(self.bulk[doctype]):
				doc = frappe.get_doc(doctype, name)
				written = {field: doc.get(field) for field in derived(doctype)}
				if waiting & {doc.name, doc.get("group")}:
					try:
						doc.save(ignore_permissions=True)
					except frappe.ValidationError:
						frappe.clear_messages()
						refused.append(doctype)
						continue
				else:
					doc.save(ignore_permissions=True)
				self.assertEqual(written, {field: doc.get(field) for field in derived(doctype)}, name)
		self.assertNotIn(
			"Responsibility Group", refused, "the group carries on while the person is asked (R4)"
		)
		# Saving the minutes recomputed each group's next meeting and last review (R13).
		for name, values in kept.items():
			after = frappe.db.get_value(
				"Responsibility Group", name, ["next_meeting_date", "last_annual_review"], as_dict=True
			)
			self.assertEqual(values, after, name)
