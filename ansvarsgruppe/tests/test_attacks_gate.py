"""Attack suite (the gate): deny by default, and field names that are never SQL (R4, R5).

Over HTTP against the served test site, as the demo's kinds of users: a road the registry does not open
answers 403 for every kind of user, guests included, and changes nothing; injection payloads in every
argument that carries a field name, on every registered road that takes one, are refused with 403 for a
portal parent and a participant, so no answer differs with what a sub-select would read (the oracle
that read another child's fødselsnummer digit by digit). Rows are counted before and after each write.
"""

import frappe
import requests
from frappe.utils import get_url
from frappe.utils.password import update_password

from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.permissions import registry
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_attacks_roads import PASSWORD, RoadsTestCase, count

ATTEMPTS = [0]

# A sub-select that reads another child's fødselsnummer; the rest: comments, backticks, conditional
# comments, newlines, look-alike letters.
PAYLOADS = (
	"ifnull((select national_id from `tabService User` where name='{child}'),'')",
	"name/**/or/**/(select 1 from `tabService User` where national_id like '0%')",
	"`name`) or (select national_id from `tabService User` limit 1) or (`name`",
	"/*!50000 (select national_id from `tabService User` limit 1) */",
	"name\nor 1=1",
	"nаme",  # Cyrillic а
	"if(substr((select national_id from `tabService User` where name='{child}'),1,1)='0',name,owner)",
	"name -- ",
)

# Registered roads that take field names: (method or REST path, the arguments that carry them, fixed ones).
ROADS = (
	("frappe.desk.reportview.get", ("fields", "filters", "order_by", "group_by"), {}),
	("frappe.desk.reportview.get_count", ("filters",), {}),
	("frappe.desk.reportview.get_stats", ("stats", "filters"), {}),
	("frappe.desk.reportview.get_sidebar_stats", ("stats", "filters"), {}),
	("frappe.desk.reportview.export_query", ("fields", "filters"), {"file_format_type": "CSV"}),
	("frappe.desk.listview.get_group_by_count", ("current_filters", "field"), {}),
	("frappe.desk.search.search_link", ("searchfield", "filters"), {"txt": ""}),
	("frappe.desk.search.search_widget", ("searchfield", "filter_fields", "filters"), {"txt": ""}),
	("frappe.client.get_list", ("fields", "filters", "or_filters", "order_by", "group_by"), {}),
	("frappe.client.get_count", ("filters",), {}),
	("frappe.client.get_value", ("fieldname", "filters"), {}),
	(
		"frappe.desk.doctype.event.event.get_events",
		("filters",),
		{"start": "2026-01-01", "end": "2027-01-01"},
	),
	("ansvarsgruppe.api.home.get_meeting_events", ("filters",), {"start": "2026-01-01", "end": "2027-01-01"}),
	("/api/resource/{doctype}", ("fields", "filters", "order_by"), {}),
)
CARRIERS = ("Country", "Responsibility Group")

# Roads no kind of user but System Manager takes: (method or path, HTTP verb, arguments).
CLOSED_ROADS = (
	("frappe.client.set_value", "POST", {"doctype": "Responsibility Group", "fieldname": "status"}),
	("frappe.client.insert", "POST", {}),
	("frappe.client.delete", "POST", {"doctype": "Group Member"}),
	("frappe.desk.reportview.delete_items", "POST", {"doctype": "Group Member"}),
	(
		"frappe.desk.calendar.get_events",
		"GET",
		{"doctype": "Country", "start": "2026-01-01", "end": "2027-01-01"},
	),
	("frappe.client.get_list", "GET", {"doctype": "User", "debug": 1}),
	("ansvarsgruppe.permissions.endpoints.get_count", "GET", {"doctype": "Service User"}),
	("frappe.core.doctype.user.user.get_all_roles", "GET", {}),
	("frappe.desk.form.document_follow.get_follow_users", "GET", {}),
	("/api/v2/document/Responsibility Group", "GET", {}),
	("/api/v2/method/frappe.client.get_list", "GET", {"doctype": "Service User"}),
	("/api/resource/User", "GET", {}),
	("/api/resource/Responsibility Group", "POST", {}),
	("/api/resource/Group Member/{member}", "DELETE", {}),
	("/api/resource/Service User Relation", "GET", {"parent": "Service User"}),
	("/backups/x.sql.gz", "GET", {}),
	("/list", "GET", {"doctype": "Service User"}),
)


class TestGate(RoadsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not getattr(RoadsTestCase, "gate_users", None):
			RoadsTestCase.gate_users = {
				"unit leader": f.make_login_user("Lise Leder", ["Unit Leader"], PASSWORD),
				"Local Administrator": f.make_login_user("Lars Lokal", ["Local Administrator"], PASSWORD),
				"Archive": f.make_login_user("Arne Arkiv", ["Archive"], PASSWORD),
				**cls.make_portal_people(),
			}
			frappe.db.commit()
		cls.gate_users = RoadsTestCase.gate_users

	@staticmethod
	def make_portal_people() -> dict:
		"""An adult with their own portal account, and the guardian (verge) of another adult."""
		adult = f.make_service_user(age_years=30)
		adult.email = f"voksen.{frappe.generate_hash(length=6)}@example.no"
		adult.save()
		ward = f.make_service_user(
			age_years=40, relations=[f.guardian(email=f"verge.{frappe.generate_hash(length=6)}@example.no")]
		)
		people = {"adult": invite(adult.name), "guardian": invite(ward.name, ward.relations[0].name)}
		for user in people.values():
			update_password(user, PASSWORD)
		return people

	def kinds(self) -> dict:
		"""Every kind of user the demo has that the scene makes, by name."""
		return {
			"parent": self.parent,
			"other family's parent": self.other_parent,
			"participant": self.town.teacher,
			"former member": self.ended,
			"coordinator of another group": self.other_coordinator,
			"coordinator": self.town.coordinator,
			"KE": self.ke,
			**self.gate_users,
		}

	def send(self, user: str, road: str, verb: str = "GET", **params) -> requests.Response:
		ATTEMPTS[0] += 1
		session = requests.Session() if user == "Guest" else self.client(user).session
		path = road if road.startswith("/") else f"/api/method/{road}"
		data = {k: v if isinstance(v, str) else frappe.as_json(v) for k, v in params.items()}
		if verb == "GET":
			return session.get(get_url(path), params=data)
		return session.request(verb, get_url(path), data=data)

	def test_r5_roads_the_registry_does_not_open_answer_403_to_everyone_and_change_nothing(self):
		member = frappe.db.get_value("Group Member", {"group": self.group}, "name")
		before = {dt: count(dt) for dt in ("Responsibility Group", "Group Member", "Service User")}
		status = frappe.db.get_value("Responsibility Group", self.group, "status")
		for kind, user in {"guest": "Guest", **self.kinds()}.items():
			for road, verb, params in CLOSED_ROADS:
				params = {**params, "name": self.group} if road == "frappe.client.set_value" else params
				params = {**params, "value": "Closed"} if road == "frappe.client.set_value" else params
				params = {**params, "name": member} if road == "frappe.client.delete" else params
				params = (
					{**params, "items": [member]} if road == "frappe.desk.reportview.delete_items" else params
				)
				response = self.send(user, road.format(member=member), verb, **params)
				self.assertIn(response.status_code, (401, 403), f"{kind}: {verb} {road}")
		self.assertEqual({dt: count(dt) for dt in before}, before)
		self.assertEqual(frappe.db.get_value("Responsibility Group", self.group, "status"), status)

	def test_r5_a_guest_takes_only_the_log_in_roads(self):
		for road in (
			"frappe.client.get_list",
			"frappe.desk.reportview.get",
			"ansvarsgruppe.api.home.my_groups",
		):
			self.assertEqual(self.send("Guest", road, doctype="Service User").status_code, 403, road)
		self.assertEqual(self.send("Guest", "/api/resource/Service User").status_code, 403)
		self.assertTrue(self.send("Guest", "ping").ok)
		self.assertTrue(self.send("Guest", "/logg-inn").ok)

	def test_r5_the_desk_roads_are_the_staffs_not_the_familys(self):
		for road in ("frappe.desk.reportview.get", "frappe.desk.form.load.getdoc", "frappe.client.get_list"):
			response = self.send(self.parent, road, doctype="Responsibility Group", name=self.group)
			self.assertEqual(response.status_code, 403, road)
		self.assertTrue(self.send(self.parent, "/mine-ansvarsgrupper").ok)

	def test_r5_field_names_in_every_argument_of_every_road_are_never_sql(self):
		"""The fuzz test: every payload in every argument that carries a field name, on every registered road
		that takes one, as a portal parent and as a participant: all refused with 403, so the answers are the
		same whatever a sub-select would read."""
		child = self.other_child.name
		tried = 0
		for user in (self.parent, self.town.teacher):
			for road, arguments, fixed in ROADS:
				self.assertTrue(road.startswith("/") or road in registry.METHODS, road)
				for doctype in CARRIERS:
					path = road.format(doctype=doctype)
					for argument in arguments:
						for payload in PAYLOADS:
							payload = payload.format(child=child)
							value = {
								"filters": [[payload, "like", "0%"]],
								"or_filters": [[payload, "like", "0%"]],
								"current_filters": [[payload, "like", "0%"]],
								"fields": [payload],
								"fieldname": [payload],
								"filter_fields": [payload],
								"stats": [payload],
							}.get(argument, payload)
							response = self.send(user, path, doctype=doctype, **{**fixed, argument: value})
							tried += 1
							self.assertEqual(
								response.status_code, 403, f"{user}: {path} {argument}={payload}"
							)
							self.assertNotIn(self.other_child.national_id, response.text)
		self.assertGreater(tried, 900)

	def test_r5_a_field_above_the_users_level_is_no_filter_either(self):
		"""The participant may read groups but not the person's fødselsnummer: filtering by it is refused,
		sorting by a plain field of their level works."""
		teacher = self.town.teacher
		refused = self.send(
			teacher, "frappe.client.get_list", doctype="Service User", filters=[["national_id", "like", "0%"]]
		)
		self.assertEqual(refused.status_code, 403)
		allowed = self.send(
			teacher,
			"frappe.desk.reportview.get",
			doctype="Responsibility Group",
			fields=["`tabResponsibility Group`.`name`", "`tabResponsibility Group`.`status`"],
			order_by="`tabResponsibility Group`.`modified` desc",
			filters=[["Responsibility Group", "status", "!=", "Closed"]],
		)
		self.assertTrue(allowed.ok, allowed.text[:300])

	def test_r5_a_number_card_or_chart_the_client_makes_up_is_refused(self):
		coordinator = self.town.coordinator
		made_up = {
			"name": "x",
			"type": "Document Type",
			"function": "Sum",
			"aggregate_function_based_on": "(select national_id from `tabService User` limit 1)",
			"document_type": "Service User",
		}
		response = self.send(
			coordinator, "frappe.desk.doctype.number_card.number_card.get_result", doc=made_up, filters=[]
		)
		self.assertEqual(response.status_code, 403)
		card = (
			frappe.db.exists("Number Card", "Gate Count of Groups")
			or frappe.get_doc(
				{
					"doctype": "Number Card",
					"label": "Gate Count of Groups",
					"type": "Document Type",
					"document_type": "Responsibility Group",
					"function": "Count",
					"is_public": 1,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		frappe.db.commit()
		stored = {"name": card, "aggregate_function_based_on": "(select 1)", "function": "Sum"}
		response = self.send(
			coordinator, "frappe.desk.doctype.number_card.number_card.get_result", doc=stored, filters=[]
		)
		self.assertTrue(response.ok, response.text[:300])
		self.assertEqual(response.json()["message"], len(self.listed(coordinator, "Responsibility Group")))
		chart = {
			"name": "x",
			"chart_type": "Group By",
			"document_type": "Service User",
			"group_by_based_on": "national_id",
		}
		response = self.send(
			coordinator, "frappe.desk.doctype.dashboard_chart.dashboard_chart.get", chart=chart
		)
		self.assertEqual(response.status_code, 403)

	def test_r5_a_child_tables_row_is_never_saved_without_its_parent(self):
		"""A row saved on its own would skip its parent's checks: every child table's row, through the form's
		save and the workflow, is refused to the group's own coordinator, and nothing changes."""
		member = frappe.get_doc("Group Member", frappe.db.get_value("Group Member", {"group": self.group}))
		group = frappe.get_doc("Responsibility Group", self.group)
		rows = [row for table in group.meta.get_table_fields() for row in group.get(table.fieldname)]
		rows += [row for table in member.meta.get_table_fields() for row in member.get(table.fieldname)]
		row_docs = [row.as_dict(convert_dates_to_str=True) for row in rows]
		row_docs.append(
			{
				"doctype": "Coordinator Appointment",
				"__islocal": 1,
				"parent": self.group,
				"parenttype": "Responsibility Group",
				"parentfield": "coordinator_appointments",
			}
		)
		row_docs += [{"doctype": child, "__islocal": 1} for child in registry.CHILD_TABLES]
		before = {dt: count(dt) for dt in ("Responsibility Group", "Group Member")}
		for row in row_docs:
			doc = frappe.as_json(row)
			for road, params in (
				("frappe.desk.form.save.savedocs", {"doc": doc, "action": "Save"}),
				("frappe.model.workflow.apply_workflow", {"doc": doc, "action": "Godkjenn"}),
			):
				response = self.send(self.town.coordinator, road, "POST", **params)
				self.assertEqual(response.status_code, 403, f"{road} {row['doctype']}: {response.text[:300]}")
		self.assertEqual({dt: count(dt) for dt in before}, before)
		self.assertEqual(frappe.get_doc("Responsibility Group", self.group).as_dict(), group.as_dict())

	def test_r5_no_road_calls_another_method_by_name(self):
		coordinator = self.town.coordinator
		search = self.send(
			coordinator,
			"frappe.desk.search.search_link",
			doctype="Responsibility Group",
			txt="",
			query="frappe.client.get_list",
		)
		self.assertEqual(search.status_code, 403)
		upload = self.send(coordinator, "upload_file", "POST", method="frappe.client.get_list")
		self.assertEqual(upload.status_code, 403)
		doc_method = self.send(
			coordinator, "run_doc_method", "POST", dt="Responsibility Group", dn=self.group, method="save"
		)
		self.assertEqual(doc_method.status_code, 403)
		print(f"\ngate attack attempts: {ATTEMPTS[0]}")
