"""Attack suite (roads): Frappe's framework endpoints, the portal's web forms and e-mail, tried over HTTP
against the served test site as real users of every role (R1, R4, R5).

Every forbidden attempt is refused or answers nothing and changes nothing (rows are counted before and
after); every allowed one still works. The data is committed so that the web server (another process,
``bench serve`` started by scripts/test, reached through the site's host_name) sees it.
"""

import email
import json
import os
from email import policy

import frappe
from frappe.utils import add_days, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.permissions.endpoints import child_parents
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_print_formats import queued

PASSWORD = "Attack-roads-2026!"
ATTEMPTS = [0]
SCENE = {}  # the committed data, made once for the module's classes


class Client(f.WebSession):
	"""A logged-in browser session of one user against the served site; every request an attempt."""

	def __init__(self, user: str):
		super().__init__(user, PASSWORD)

	def get(self, path: str, **params):
		ATTEMPTS[0] += 1
		return super().get(path, **params)

	def post(self, path: str, files=None, **data):
		ATTEMPTS[0] += 1
		return super().post(path, files=files, **data)

	def method(self, method: str, **params):
		return self.get(f"/api/method/{method}", **params)

	def rows(self, doctype: str, **params) -> list[dict]:
		"""``/api/resource/<DocType>``: the rows answered, or [] when refused."""
		response = self.get(f"/api/resource/{doctype}", limit_page_length=0, **params)
		return response.json().get("data", []) if response.ok else []


def message(response):
	return response.json().get("message") if response.ok else None


def count(doctype: str, filters=None) -> int:
	"""Rows as the web server committed them (a new snapshot of the database)."""
	frappe.db.rollback()
	return frappe.db.count(doctype, filters)


def mail_html(name: str) -> str:
	"""The HTML bodies of the mails about ``name``, decoded."""
	bodies = []
	for raw in frappe.get_all("Email Queue", {"reference_name": name}, pluck="message"):
		body = email.message_from_string(raw, policy=policy.default).get_body(preferencelist=("html",))
		bodies.append(body.get_content() if body else "")
	return "\n".join(bodies)


class RoadsTestCase(f.MunicipalityTestCase):
	"""A municipality with two families, and a user of every role with a password, committed."""

	language = None
	with_staff = False

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not SCENE:
			RoadsTestCase.make_scene()
			SCENE.update(
				{
					k: v
					for k, v in vars(RoadsTestCase).items()
					if not k.startswith("_")
					and not isinstance(v, classmethod | staticmethod)
					and not callable(v)
				}
			)
		for key, value in SCENE.items():
			setattr(cls, key, value)
		cls.clients = {}

	@classmethod
	def make_scene(cls):
		f.ensure_outgoing_email_account()
		town = cls.town = f.Municipality()
		cls.ke = f.people()["ke"]
		cls.ended = f.make_user("Erik Sluttet", ["Group Participant"])
		cls.uncovered = f.make_user("Ulla Udekket", ["Group Participant"])
		cls.closed_coordinator = f.make_user("Per Avsluttet", ["Coordinator"])
		child = town.child
		child.national_id = f.unused_number_for(getdate("2016-02-01"))
		child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
		child.relations[0].phone = "41234567"
		child.save()

		group = cls.group = f.advance(town.group, st.GROUP_APPROVED).name
		f.make_member(group, town.coordinator, town.school, role="Coordinator")
		cls.teacher_member = f.make_member(group, town.teacher, town.school).name
		f.make_member(group, town.nurse, town.school)
		f.make_member(group, cls.ended, town.school, status=st.MEMBER_ENDED)
		f.make_member(group, cls.uncovered, town.health)
		f.make_member(group, role="Relative", relation=child.relations[0].name)
		pre = f.make_minutes(group, "Pre-meeting", days_ago=30)
		cls.approved_minutes = f.advance(f.complete(pre).save() and pre, st.MINUTES_APPROVED).name

		# The health unit loses coverage: Ulla (health) keeps her membership row but loses access (R5).
		consent = frappe.get_doc("Consent", town.consent.name)
		row = next(p for p in consent.partners if p.service_unit == town.health)
		row.withdrawn_on, row.withdrawal_reason = getdate(), "Helsestasjonen trenger ikke lenger opplysninger"
		consent.save()

		# Another family, coordinated by someone else, with minutes, a plan and an application.
		cls.other_coordinator = f.make_user("Olav Annen", ["Coordinator"])
		other = cls.other_child = f.make_service_user(
			relations=[f.parent("Per Annen", email=f"per.{frappe.generate_hash(length=6)}@example.no")],
			national_id=f.unused_number_for(getdate("2014-05-05")),
		)
		other_consent = cls.other_consent = f.make_consent(other, [town.welfare]).name
		other_application = f.new_application(other).insert(ignore_permissions=True)
		other_group = cls.other_group = f.make_group(
			other.name,
			town.welfare,
			cls.other_coordinator,
			other_consent,
			status=st.GROUP_APPROVED,
			ip_application=other_application.name,
		).name
		f.make_member(other_group, cls.other_coordinator, town.welfare, role="Coordinator")
		other_pre = f.make_minutes(other_group, "Pre-meeting", days_ago=20)
		cls.other_minutes = f.advance(f.complete(other_pre).save() and other_pre, st.MINUTES_APPROVED).name
		cls.other_plan = cls.make_plan(other_group, other_application.name, town.welfare).name
		frappe.get_doc("Responsibility Group", other_group).append(
			"transitions", {"from_service": "Barnehage", "to_service": "Skole", "planned_date": getdate()}
		).db_insert()

		# A closed group: its coordinator keeps no more than the list road gives them.
		closed_child = f.make_service_user(relations=[f.parent("Lise Lukket")])
		closed_consent = f.make_consent(closed_child, [town.school]).name
		cls.closed_group = f.make_group(
			closed_child.name, town.school, cls.closed_coordinator, closed_consent, status=st.GROUP_APPROVED
		).name
		frappe.db.set_value("Responsibility Group", cls.closed_group, "status", st.GROUP_CLOSED)

		# Portal parents: of this child, and of the other family.
		with f.as_user(town.coordinator):
			cls.parent = invite(child.name, child.relations[0].name)
		cls.other_parent = invite(other.name, other.relations[0].name)
		for user in (
			town.coordinator,
			town.teacher,
			town.nurse,
			town.outsider,
			cls.ke,
			cls.ended,
			cls.uncovered,
			cls.closed_coordinator,
			cls.other_coordinator,
			cls.parent,
			cls.other_parent,
		):
			update_password(user, PASSWORD)
		frappe.db.commit()

	@classmethod
	def make_plan(cls, group: str, application: str, unit: str):
		"""A draft plan whose measure the other coordinator is responsible for."""
		return f.make_plan(
			group,
			status=st.PLAN_DRAFT,
			ip_application=application,
			own_goals="Jeg vil gå på tur med venner.",
			goals=[{"goal": "Gå på tur hver uke", "is_persons_own_goal": 1}],
			measures=[
				f.plan_measure(
					unit,
					cls.other_coordinator,
					description="Turgruppe med avlastning",
					end_date=add_days(getdate(), 90),
				)
			],
			evaluations=[{"reference": "T1", "evaluation_date": getdate(), "result": "Partly"}],
		)

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		super().tearDownClass()

	def client(self, user: str) -> Client:
		if user not in self.clients:
			self.clients[user] = Client(user)
		return self.clients[user]

	def restricted_users(self) -> dict[str, str]:
		town = self.town
		return {
			"coordinator": town.coordinator,
			"member": town.teacher,
			"ended member": self.ended,
			"uncovered member": self.uncovered,
			"closed group's coordinator": self.closed_coordinator,
			"KE": self.ke,
		}

	def listed(self, user: str, doctype: str) -> set[str]:
		"""What the list road (row rules) gives ``user``: the measure every other road is held to."""
		with self.set_user(user):
			return f.listed(doctype)

	def other_family(self) -> dict[str, str]:
		"""The other family's records, which none of the restricted users may read (R5)."""
		return {
			"Responsibility Group": self.other_group,
			"Service User": self.other_child.name,
			"Consent": self.other_consent,
			"Meeting Minutes": self.other_minutes,
			"Individual Plan": self.other_plan,
		}


class TestFrameworkRoads(RoadsTestCase):
	def test_r5_child_tables_read_directly_answer_only_rows_of_readable_parents(self):
		forbidden = set(self.other_family().values())
		for role, user in self.restricted_users().items():
			client = self.client(user)
			for child, parents in child_parents().items():
				for parent, _field in parents:
					rows = client.rows(child, parent=parent, fields=["name", "parent"])
					got = {row["parent"] for row in rows}
					may = self.listed(user, parent)
					self.assertLessEqual(got, may, f"{role}: {child} of {parent} beyond the list road")
					if role != "KE" or parent not in ("Responsibility Group", "Service User"):
						self.assertFalse(got & forbidden, f"{role}: {child} of the other family")
					via_method = message(
						client.method(
							"frappe.client.get_list",
							doctype=child,
							parent=parent,
							fields=["name", "parent"],
							limit_page_length=0,
						)
					)
					self.assertLessEqual({row["parent"] for row in via_method or []}, may, f"{role}: {child}")

	def test_r5_relatives_contact_details_do_not_leak_through_the_relation_table(self):
		for user in (self.town.teacher, self.ended, self.uncovered, self.closed_coordinator):
			rows = self.client(user).rows(
				"Service User Relation",
				parent="Service User",
				fields=["parent", "full_name", "phone", "email"],
			)
			self.assertNotIn(self.other_child.name, {row["parent"] for row in rows}, user)
		for user in (self.ended, self.uncovered):
			rows = self.client(user).rows("Service User Relation", parent="Service User", fields=["parent"])
			self.assertNotIn(self.town.child.name, {row["parent"] for row in rows}, user)
		# A child table is never read on its own (deny by default), not even by who reads the parent: the
		# coordinator reads the relations of the person of the group they coordinate on the person's form.
		self.assertEqual(
			self.client(self.town.coordinator)
			.get("/api/resource/Service User Relation", parent="Service User", fields=["parent", "phone"])
			.status_code,
			403,
		)
		doc = message(
			self.client(self.town.coordinator).method(
				"frappe.client.get", doctype="Service User", name=self.town.child.name
			)
		)
		self.assertIn("41234567", {row["phone"] for row in doc["relations"]})

	def test_ke_does_not_read_a_group_table_above_their_level(self):
		rows = self.client(self.ke).rows("Group Transition", parent="Responsibility Group", fields=["*"])
		self.assertEqual(rows, [])
		doc = message(
			self.client(self.other_coordinator).method(
				"frappe.client.get", doctype="Responsibility Group", name=self.other_group
			)
		)
		self.assertTrue(doc["transitions"], "the coordinator reads it on the group")

	def test_a_child_row_is_read_by_name_only_through_a_readable_parent(self):
		partner = frappe.get_all(
			"Consent Partner", {"parent": self.other_consent, "parenttype": "Consent"}, pluck="name"
		)[0]
		agenda = frappe.get_all(
			"Meeting Agenda Item",
			{"parent": self.other_minutes, "parenttype": "Meeting Minutes"},
			pluck="name",
		)[0]
		for user in self.restricted_users().values():
			client = self.client(user)
			self.assertFalse(client.get(f"/api/resource/Consent Partner/{partner}").ok, user)
			self.assertFalse(client.get(f"/api/resource/Meeting Agenda Item/{agenda}").ok, user)
			response = client.method(
				"frappe.client.get", doctype="Consent Partner", name=partner, parent="Consent"
			)
			self.assertFalse(response.ok, user)
		coordinator = self.client(self.other_coordinator)
		self.assertEqual(coordinator.get(f"/api/resource/Consent Partner/{partner}").status_code, 403)
		consent = message(coordinator.method("frappe.client.get", doctype="Consent", name=self.other_consent))
		self.assertIn(partner, {row["name"] for row in consent["partners"]}, "read on the consent itself")

	def test_r5_get_count_counts_only_what_the_user_may_list(self):
		for role, user in self.restricted_users().items():
			client = self.client(user)
			for doctype, name in self.other_family().items():
				response = client.method("frappe.client.get_count", doctype=doctype, filters={"name": name})
				expected = 1 if name in self.listed(user, doctype) else 0
				self.assertIn(message(response) or 0, (expected,), f"{role}: count of {doctype} {name}")
			for child in child_parents():
				response = client.method("frappe.client.get_count", doctype=child, filters={})
				self.assertFalse(response.ok and message(response), f"{role}: count of {child}")
		count = message(
			self.client(self.town.coordinator).method(
				"frappe.client.get_count", doctype="Responsibility Group", filters={"name": self.group}
			)
		)
		self.assertEqual(count, 1, "the coordinator counts their own group")

	def test_r5_files_of_unreadable_records_are_neither_counted_nor_listed(self):
		"""A file's name tells of the family's health (R5): the File list and count give only the files of
		records the user may read, whatever they filter by."""
		secret = f"psykolograpport-{frappe.generate_hash(length=8)}.pdf"
		attached = {}
		for doctype, name in self.other_family().items():
			file = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"{doctype.lower().replace(' ', '-')}-{secret}",
					"content": b"%PDF-1.4 helseopplysninger",
					"is_private": 1,
					"attached_to_doctype": "Individual Plan",
					"attached_to_name": self.other_plan,  # a draft: the final consent and minutes take no file
				}
			).insert(ignore_permissions=True)
			# as if attached to its record before the record became final
			frappe.db.set_value("File", file.name, "attached_to_doctype", doctype)
			frappe.db.set_value("File", file.name, "attached_to_name", name)
			attached[file.name] = (doctype, name)
		frappe.db.commit()
		try:
			like = [["file_name", "like", f"%{secret}"]]
			for role, user in {**self.restricted_users(), "portal parent": self.parent}.items():
				client = self.client(user)
				may = {
					file
					for file, (doctype, name) in attached.items()
					if role != "portal parent" and name in self.listed(user, doctype)
				}
				for doctype, name in self.other_family().items():
					counted = message(
						client.method(
							"frappe.client.get_count",
							doctype="File",
							filters={"attached_to_doctype": doctype, "attached_to_name": name},
						)
					)
					expected = len([f for f in may if attached[f] == (doctype, name)])
					self.assertEqual(counted or 0, expected, f"{role}: files of {doctype} counted")
				self.assertEqual(
					message(client.method("frappe.client.get_count", doctype="File", filters=like)) or 0,
					len(may),
					f"{role}: files counted by name",
				)
				counted = client.post(
					"/api/method/frappe.desk.reportview.get_count", doctype="File", filters=like
				)
				self.assertEqual(message(counted) or 0, len(may), f"{role}: files counted by the list view")
				listed = message(
					client.method(
						"frappe.client.get_list",
						doctype="File",
						filters=like,
						fields=["name", "file_name", "attached_to_name"],
						limit_page_length=0,
					)
				)
				self.assertEqual({row["name"] for row in listed or []}, may, f"{role}: files listed")
				response = client.get("/api/resource/File", filters=like, fields=["name", "file_name"])
				self.assertEqual(response.status_code, 403, f"{role}: files on REST (closed to all)")
			# allowed: the other family's coordinator counts and lists the files of their group
			coordinator = self.client(self.other_coordinator)
			group_files = {
				"attached_to_doctype": "Responsibility Group",
				"attached_to_name": self.other_group,
			}
			self.assertEqual(
				message(coordinator.method("frappe.client.get_count", doctype="File", filters=group_files)), 1
			)
			listed = coordinator.method(
				"frappe.client.get_list", doctype="File", filters=group_files, fields=["name"]
			)
			self.assertEqual(len(message(listed)), 1)
		finally:
			urls = set(frappe.get_all("File", {"name": ("in", list(attached))}, pluck="file_url"))
			frappe.db.delete("File", {"name": ("in", list(attached))})  # final records keep their files
			for url in urls:
				if not frappe.db.exists("File", {"file_url": url}):
					os.remove(frappe.get_site_path("private", "files", url.rsplit("/", 1)[-1]))
			frappe.db.commit()

	def test_staff_only_fields_cannot_be_guessed_by_filters_on_any_road(self):
		prefix = self.town.child.national_id[:2]
		member = self.client(self.town.teacher)
		self.assertIn(self.town.child.name, {r["name"] for r in member.rows("Service User")})
		like = [["national_id", "like", f"{prefix}%"]]
		roads = {
			"REST list": lambda: member.get("/api/resource/Service User", filters=like),
			"client.get_list": lambda: member.method(
				"frappe.client.get_list", doctype="Service User", filters=like
			),
			"client.get_count": lambda: member.method(
				"frappe.client.get_count", doctype="Service User", filters=like
			),
			"client.get_value": lambda: member.method(
				"frappe.client.get_value", doctype="Service User", fieldname="name", filters=like
			),
			"report view": lambda: member.post(
				"/api/method/frappe.desk.reportview.get",
				doctype="Service User",
				fields=["`tabService User`.`name`"],
				filters=like,
			),
			"report view count": lambda: member.post(
				"/api/method/frappe.desk.reportview.get_count", doctype="Service User", filters=like
			),
			"raw filter": lambda: member.post(
				"/api/method/frappe.desk.reportview.get",
				doctype="Service User",
				fields=["`tabService User`.`name`"],
				filters=[f"`tabService User`.`national_id` like '{prefix}%'"],
			),
			"sort by it": lambda: member.get(
				"/api/resource/Service User", order_by="national_id asc", fields=["name"]
			),
			"group-by count": lambda: member.method(
				"frappe.desk.listview.get_group_by_count",
				doctype="Service User",
				current_filters=[],
				field="national_id",
			),
			"search field": lambda: member.method(
				"frappe.desk.search.search_link",
				doctype="Service User",
				txt=prefix,
				searchfield="national_id",
			),
			"filter fields": lambda: member.method(
				"frappe.desk.search.search_widget",
				doctype="Service User",
				txt="",
				filter_fields=["national_id"],
				as_dict=1,
			),
		}
		for road, attempt in roads.items():
			response = attempt()
			self.assertEqual(response.status_code, 403, f"{road}: {response.text[:300]}")
		# allowed: the coordinator, who reads the field, still filters by it
		rows = self.client(self.town.coordinator).rows("Service User", filters=like, fields=["name"])
		self.assertIn(self.town.child.name, {r["name"] for r in rows})
		# and the member still filters by what they may read
		rows = member.rows("Service User", filters={"full_name": self.town.child.full_name})
		self.assertEqual([r["name"] for r in rows], [self.town.child.name])

	def test_r5_link_search_ignores_ignore_user_permissions_for_the_apps_doctypes(self):
		for role, user in self.restricted_users().items():
			client = self.client(user)
			for doctype, name in self.other_family().items():
				may = name in self.listed(user, doctype)
				for method in ("frappe.desk.search.search_link", "frappe.desk.search.search_widget"):
					response = client.method(
						method, doctype=doctype, txt=name, ignore_user_permissions=1, page_length=50
					)
					found = json.dumps(message(response) or [])
					self.assertEqual(name in found, may, f"{role}: {method} {doctype} {name}")
		found = message(
			self.client(self.town.teacher).method(
				"frappe.desk.search.search_link",
				doctype="Responsibility Group",
				txt=self.group,
				ignore_user_permissions=1,
			)
		)
		self.assertIn(self.group, json.dumps(found), "a member still finds their group")

	def test_r5_a_links_title_is_answered_only_for_a_readable_record(self):
		for role, user in self.restricted_users().items():
			client = self.client(user)
			for doctype, name in self.other_family().items():
				may = name in self.listed(user, doctype)
				response = client.method("frappe.desk.search.get_link_title", doctype=doctype, docname=name)
				self.assertEqual(response.ok, may, f"{role}: get_link_title {doctype} {name}")
		title = message(
			self.client(self.town.teacher).method(
				"frappe.desk.search.get_link_title", doctype="Responsibility Group", docname=self.group
			)
		)
		self.assertEqual(title, self.town.child.full_name, "a member reads their group's title")

	def test_r5_group_by_counts_by_assignment_only_over_listed_records(self):
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": self.other_coordinator,
				"reference_type": "Service User",
				"reference_name": self.other_child.name,
				"description": "Følg opp",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		for role, user in self.restricted_users().items():
			if role == "KE":
				continue  # KE sees every service user (R17)
			counts = message(
				self.client(user).method(
					"frappe.desk.listview.get_group_by_count",
					doctype="Service User",
					current_filters={"name": self.other_child.name},
					field="assigned_to",
				)
			)
			self.assertEqual(counts or [], [], f"{role}: assignment count of the other family")
		counts = message(
			self.client(self.ke).method(
				"frappe.desk.listview.get_group_by_count",
				doctype="Service User",
				current_filters={"name": self.other_child.name},
				field="assigned_to",
			)
		)
		self.assertEqual([c["count"] for c in counts], [1], "KE, who lists the person, sees the count")

	def test_r5_a_forms_connections_count_only_what_the_user_may_list(self):
		"""Frappe's ``get_open_count`` counts every record linked to one the user reads, of any DocType asked
		for: a member would learn of draft minutes and of records of DocTypes the form does not list."""
		draft = f.make_minutes(self.group, "Ordinary", days_ago=3).name
		frappe.db.commit()
		try:
			before = (count("Meeting Minutes"), count("Consent"))
			asked = ["Meeting Minutes", "Group Member", "Consent", "IP Application", "Service User"]
			for role, user in (("coordinator", self.town.coordinator), ("member", self.town.teacher)):
				answer = message(
					self.client(user).method(
						"frappe.desk.notifications.get_open_count",
						doctype="Responsibility Group",
						name=self.group,
						items=json.dumps(asked),
					)
				)
				counts = {d["doctype"]: d["count"] for d in answer["count"]["external_links_found"]}
				self.assertEqual(set(counts), {"Meeting Minutes", "Group Member"}, f"{role}: only the form's")
				for doctype in counts:
					with self.set_user(user):
						listed = frappe.get_list(doctype, filters={"group": self.group}, pluck="name")
					self.assertEqual(counts[doctype], len(listed), f"{role}: {doctype}")
				minutes = counts["Meeting Minutes"]
				self.assertEqual(minutes, 2 if role == "coordinator" else 1, f"{role}: the draft")
			refused = self.client(self.town.outsider).method(
				"frappe.desk.notifications.get_open_count", doctype="Responsibility Group", name=self.group
			)
			self.assertFalse(refused.ok, "an outsider counts nothing of a group they may not read")
			for role, user in {
				**self.restricted_users(),
				"parent": self.parent,
				"other family's parent": self.other_parent,
			}.items():
				response = self.client(user).method(
					"frappe.desk.notifications.get_open_count",
					doctype="Responsibility Group",
					name=self.group,
					items=json.dumps(asked),
				)
				with self.set_user(user):
					reads_group = frappe.has_permission("Responsibility Group", "read", doc=self.group)
					listed = {
						doctype: len(frappe.get_list(doctype, filters={"group": self.group}, pluck="name"))
						for doctype in ("Meeting Minutes", "Group Member")
						if frappe.has_permission(doctype, "read")
					}
				if not (reads_group and response.ok):
					self.assertFalse(response.ok, f"{role}: refused")
					self.assertFalse(reads_group and user not in (self.parent, self.other_parent), role)
					continue
				found = message(response)["count"]["external_links_found"]
				counts = {d["doctype"]: d["count"] for d in found if d["count"] or d["doctype"] in listed}
				self.assertLessEqual(set(counts), {"Meeting Minutes", "Group Member"}, role)
				for doctype, number in counts.items():
					self.assertEqual(number, listed.get(doctype, 0), f"{role}: {doctype}")
			self.assertEqual((count("Meeting Minutes"), count("Consent")), before)
		finally:
			frappe.delete_doc("Meeting Minutes", draft, force=True, ignore_permissions=True)
			frappe.db.commit()

	def test_the_portal_user_of_another_family_reads_nothing_through_the_framework(self):
		client = self.client(self.other_parent)
		for doctype, name in {**self.other_family(), "Service User": self.town.child.name}.items():
			if name == self.other_child.name:
				continue
			self.assertFalse(client.get(f"/api/resource/{doctype}/{name}").ok, doctype)
			self.assertFalse(message(client.method("frappe.client.get_count", doctype=doctype)), doctype)
		for child, parents in child_parents().items():
			self.assertEqual(client.rows(child, parent=parents[0][0], fields=["name"]), [], child)


class TestWebForms(RoadsTestCase):
	def submit(self, user: str, web_form: str, data: dict):
		return self.client(user).post(
			"/api/method/frappe.website.doctype.web_form.web_form.accept", web_form=web_form, data=data
		)

	def consent_data(self, service_user: str) -> dict:
		return f.consent_form(service_user, [self.town.school])

	def application_data(self, service_user: str) -> dict:
		return {
			"doctype": "IP Application",
			"service_user": service_user,
			"applied_for": "Both",
			"needs_description": "Trenger koordinator",
		}

	def test_r1_r4_staff_cannot_file_a_consent_or_application_through_the_portal_forms(self):
		for user in (self.town.coordinator, self.ke, self.town.teacher):
			for web_form, doctype, data in (
				("samtykke", "Consent", self.consent_data(self.other_child.name)),
				("soknad-om-ip", "IP Application", self.application_data(self.other_child.name)),
			):
				before = count(doctype)
				response = self.submit(user, web_form, data)
				self.assertEqual(response.status_code, 403, f"{user} {web_form}: {response.text[:300]}")
				self.assertIn("portalen", response.text)
				self.assertEqual(count(doctype), before, f"{user} filed a {doctype}")

	def test_r1_a_portal_parent_files_only_for_their_own_child(self):
		before = count("Consent")
		response = self.submit(self.other_parent, "samtykke", self.consent_data(self.town.child.name))
		self.assertEqual(response.status_code, 403, response.text[:300])
		self.assertEqual(count("Consent"), before)
		response = self.client(self.other_parent).post(
			"/api/resource/Consent", data=self.consent_data(self.town.child.name)
		)
		self.assertFalse(response.ok)
		self.assertEqual(count("Consent"), before)
		# allowed: the parent gives consent for their own child in the portal
		response = self.submit(self.parent, "samtykke", self.consent_data(self.town.child.name))
		self.assertEqual(response.status_code, 200, response.text[:500])
		self.assertEqual(count("Consent"), before + 1)
		name = response.json()["message"]["name"]
		self.assertEqual(frappe.db.get_value("Consent", name, "signed_by_kind"), "Relation")


class TestMail(RoadsTestCase):
	def setUp(self):
		super().setUp()
		self.guest_ok = f"gjest.ok.{frappe.generate_hash(length=6)}@example.no"
		self.guest_no = f"gjest.nei.{frappe.generate_hash(length=6)}@example.no"
		self.outsider_mail = f"utenfor.{frappe.generate_hash(length=6)}@example.no"
		doc = f.make_minutes(self.group, "Ordinary", days_ago=-7, start_time="10:00:00")
		doc.place = "Møterom <script>alert(1)</script>"
		doc.append(
			"participants",
			{
				"participant_name": "<b>Gjest</b> Med Avtale",
				"email": self.guest_ok,
				"invited_for_this_meeting": 1,
				"family_agreed": 1,
			},
		)
		doc.append(
			"participants",
			{"participant_name": "Gjest Uten Avtale", "email": self.guest_no, "invited_for_this_meeting": 1},
		)
		doc.save()
		self.invitation = doc.name
		frappe.db.commit()

	def test_r5_the_invitation_goes_only_to_those_the_consent_covers(self):
		doc = frappe.get_doc("Meeting Minutes", self.invitation)
		addresses = {p.email or frappe.db.get_value("User", p.user, "email") for p in doc.participants}
		self.assertIn(self.uncovered, addresses, "the uncovered member is on the list")
		self.assertIn(self.guest_no, addresses)
		mails_before = count("Email Queue")
		refused = self.client(self.town.teacher).post(
			f"/api/resource/Meeting Minutes/{self.invitation}", run_method="send_invitation"
		)
		self.assertFalse(refused.ok, "a member does not send the coordinator's invitation")
		self.assertEqual(count("Email Queue"), mails_before)

		response = self.client(self.town.coordinator).post(
			f"/api/resource/Meeting Minutes/{self.invitation}", run_method="send_invitation"
		)
		self.assertTrue(response.ok, response.text[:500])
		frappe.db.rollback()
		[mail] = queued(self.invitation, "Innkalling")
		self.assertIn(self.guest_ok, mail["recipients"], "a guest with the family's agreement")
		self.assertIn(self.town.teacher, mail["recipients"])
		for address in (self.uncovered, self.guest_no, self.ended):
			self.assertNotIn(address, mail["recipients"], f"R5: {address} is not covered")
		self.assertIn("alert(1)", mail["text"])
		self.assertNotIn("<script", mail_html(self.invitation), "what users typed is escaped in the mail")
		comment = frappe.get_all(
			"Comment",
			{"reference_name": self.invitation, "comment_type": "Info"},
			pluck="content",
			order_by="creation desc",
		)[0]
		self.assertIn("&lt;b&gt;Gjest&lt;/b&gt;", comment)
		self.assertNotIn("<b>Gjest</b>", comment)
		# the document sent is logged for Innsyn, with its recipients
		frappe.db.rollback()
		sent = frappe.get_all(
			"Access Log",
			{"export_from": "Meeting Minutes", "reference_document": self.invitation, "method": "E-mail"},
			["user", "page"],
		)
		self.assertEqual(len(sent), 1)
		self.assertEqual(sent[0].user, self.town.coordinator)
		self.assertIn(self.guest_ok, sent[0].page)
		page = self.client(self.parent).get("/innsyn")
		self.assertIn(f"Møtereferat {self.invitation}", page.text)
		self.assertIn("Sendte på e-post til", page.text)

	def test_r5_approved_minutes_go_only_to_covered_recipients_on_the_distribution_list(self):
		doc = frappe.get_doc("Meeting Minutes", self.invitation)
		doc.meeting_date = add_days(getdate(), -1)
		f.complete(doc)
		doc.distribution = []
		for name, address in (
			("Per Lærer", self.town.teacher),
			("Ulla Udekket", self.uncovered),
			("Noen Utenfor", self.outsider_mail),
			("Gjest Med Avtale", self.guest_ok),
		):
			doc.append("distribution", {"recipient_name": name, "email": address})
		doc.save()
		f.advance(doc, st.MINUTES_APPROVED)
		frappe.db.commit()
		[mail] = queued(doc.name, "Godkjent")
		self.assertEqual(mail["recipients"], {self.town.teacher, self.guest_ok})
		sent = frappe.db.count(
			"Access Log",
			{"export_from": "Meeting Minutes", "reference_document": doc.name, "method": "E-mail"},
		)
		self.assertEqual(sent, 1)

	def test_r5_the_desks_e_mail_composer_sends_a_record_only_to_covered_addresses(self):
		compose = "/api/method/frappe.core.doctype.communication.email.make"
		mail = {
			"doctype": "Responsibility Group",
			"name": self.group,
			"subject": "Referat",
			"content": "Se vedlegg",
			"send_email": 1,
			"print_format": "Standard",
		}
		for user, recipients in (
			(self.town.teacher, self.outsider_mail),
			(self.town.teacher, f"{self.town.coordinator}, {self.outsider_mail}"),
			(self.town.coordinator, self.uncovered),
			(self.town.coordinator, self.guest_ok),
		):
			before = (count("Communication"), count("Email Queue"))
			response = self.client(user).post(compose, recipients=recipients, **mail)
			self.assertEqual(response.status_code, 403, f"{user} → {recipients}: {response.text[:300]}")
			self.assertEqual((count("Communication"), count("Email Queue")), before, "nothing was sent")
		# allowed: the coordinator mails the group's record to a covered member; it is logged for Innsyn
		response = self.client(self.town.coordinator).post(compose, recipients=self.town.teacher, **mail)
		self.assertTrue(response.ok, response.text[:500])
		self.assertEqual(
			count(
				"Access Log",
				{"export_from": "Responsibility Group", "reference_document": self.group, "method": "E-mail"},
			),
			1,
		)


class TestInnsynRoads(RoadsTestCase):
	def views(self, user: str, doctype: str, name: str) -> int:
		frappe.db.rollback()
		return frappe.db.count(
			"View Log", {"viewed_by": user, "reference_doctype": doctype, "reference_name": name}
		)

	def test_every_single_record_read_is_logged_on_every_road(self):
		teacher = self.client(self.town.teacher)
		agenda = frappe.get_all(
			"Meeting Agenda Item",
			{"parent": self.approved_minutes, "parenttype": "Meeting Minutes"},
			pluck="name",
		)[0]
		roads = {
			"REST v1": (
				("Responsibility Group", self.group),
				lambda: teacher.get(f"/api/resource/Responsibility Group/{self.group}"),
			),
			"frappe.client.get": (
				("Service User", self.town.child.name),
				lambda: teacher.method(
					"frappe.client.get", doctype="Service User", name=self.town.child.name
				),
			),
			"form load": (
				("Meeting Minutes", self.approved_minutes),
				lambda: teacher.method(
					"frappe.desk.form.load.getdoc", doctype="Meeting Minutes", name=self.approved_minutes
				),
			),
		}
		# closed roads (deny by default): no read, nothing logged
		for path in (
			f"/api/v2/document/Group Member/{self.teacher_member}",
			f"/api/resource/Meeting Agenda Item/{agenda}",
		):
			self.assertEqual(teacher.get(path).status_code, 403, path)
		before = count("Access Log", {"user": self.town.teacher, "reference_document": self.approved_minutes})
		response = teacher.method(
			"frappe.www.printview.get_html_and_style", doc="Meeting Minutes", name=self.approved_minutes
		)
		self.assertTrue(response.ok, response.text[:300])
		self.assertEqual(
			count("Access Log", {"user": self.town.teacher, "reference_document": self.approved_minutes}),
			before + 1,
			"print preview",
		)
		for road, ((doctype, name), read) in roads.items():
			before = self.views(self.town.teacher, doctype, name)
			response = read()
			self.assertTrue(response.ok, f"{road}: {response.text[:300]}")
			self.assertEqual(self.views(self.town.teacher, doctype, name), before + 1, road)
		# a refused read is not a read
		before = self.views(self.town.teacher, "Responsibility Group", self.other_group)
		self.assertFalse(teacher.get(f"/api/resource/Responsibility Group/{self.other_group}").ok)
		self.assertEqual(self.views(self.town.teacher, "Responsibility Group", self.other_group), before)

	def test_a_pdf_downloaded_through_the_api_is_logged_and_the_family_sees_it(self):
		before = frappe.db.count("Access Log", {"reference_document": self.approved_minutes})
		response = self.client(self.town.coordinator).method(
			"frappe.utils.print_format.download_pdf", doctype="Meeting Minutes", name=self.approved_minutes
		)
		self.assertTrue(response.content.startswith(b"%PDF"), response.text[:300])
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.count("Access Log", {"reference_document": self.approved_minutes}), before + 1
		)
		self.client(self.town.teacher).get(f"/api/resource/Responsibility Group/{self.group}")
		page = self.client(self.parent).get("/innsyn").text
		self.assertIn(f"Møtereferat {self.approved_minutes}", page)
		self.assertIn("Skrev ut eller eksporterte", page)
		self.assertIn(f"Ansvarsgruppe {self.group}", page)
		self.assertIn("Per Lærer", page)
		self.assertNotIn(self.other_group, page, "another family's log is not shown")


def tearDownModule():
	print(f"attack suite (roads): {ATTEMPTS[0]} attempts")
