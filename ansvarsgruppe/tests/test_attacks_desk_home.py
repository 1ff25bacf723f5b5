"""Attack suite (the desk's home and methods): the workspaces' figures, the meeting calendar, the dashboard
charts, the relation choices, the access history and the form's docinfo, tried over HTTP against the served test site as real users of every role (R5, R17).

A figure counts only what the user may read (the same rows the list it opens gives them); the calendar
answers only readable meetings, with no more than their time and title; a chart over the app's records
is answered only to whom the chart is for, counted for that user and never from another user's cache.
"""

import frappe
import requests
from frappe.utils import add_days, get_url, getdate

from ansvarsgruppe.tests import test_attacks_roads as roads

ATTEMPTS = [0]
CARD_MODULE = "ansvarsgruppe.api.home."
BATCH = CARD_MODULE + "cards"


def tearDownModule():
	print(f"attack suite (desk home): {ATTEMPTS[0]} attempts")


class DeskRoadsCase(roads.RoadsTestCase):
	"""The roads' municipality; every call an attempt."""

	def call(self, user: str, method: str, **params):
		ATTEMPTS[0] += 1
		return self.client(user).method(method, **params)

	def users(self) -> dict[str, str]:
		return {
			**self.restricted_users(),
			"other coordinator": self.other_coordinator,
			"outsider": self.town.outsider,
		}

	def everyone(self) -> dict[str, str]:
		return {**self.users(), "portal parent": self.parent}


class TestDeskHomeRoads(DeskRoadsCase):
	def test_r5_every_card_counts_only_what_the_list_it_opens_gives_the_user(self):
		cards = frappe.get_all("Number Card", {"module": "Ansvarsgruppe"}, ["name", "method"])
		self.assertGreaterEqual(len(cards), 19)
		for role, user in self.users().items():
			for card in cards:
				with self.subTest(role=role, card=card.name):
					self.assertTrue(card.method.startswith(CARD_MODULE))
					response = self.call(user, card.method)
					self.assertEqual(response.status_code, 200, response.text[:300])
					result = roads.message(response)
					if result.get("route", [None])[0] != "List":
						continue
					doctype = result["route"][1]
					frappe.set_user(user)
					try:
						from ansvarsgruppe.api.home import count

						expected = count(doctype, result["route_options"], _child(result["route_options"]))
						readable = set(frappe.get_list(doctype, pluck="name", limit_page_length=0))
					except frappe.PermissionError:
						expected, readable = 0, set()
					finally:
						frappe.set_user("Administrator")
					self.assertEqual(result["value"], expected)
					if not _child(result["route_options"]):
						self.assertLessEqual(result["value"], len(readable))

	def test_r5_an_outsider_counts_nothing_on_any_card(self):
		for card in frappe.get_all("Number Card", {"module": "Ansvarsgruppe"}, ["name", "method"]):
			with self.subTest(card=card.name):
				self.assertEqual(roads.message(self.call(self.town.outsider, card.method))["value"], 0)

	def test_r3_a_coordinator_counts_their_own_groups_not_anothers(self):
		mine = roads.message(self.call(self.town.coordinator, CARD_MODULE + "coordinated_groups"))
		self.assertEqual(mine["value"], 1)
		self.assertEqual(mine["route_options"]["coordinator"], self.town.coordinator)
		theirs = roads.message(self.call(self.other_coordinator, CARD_MODULE + "coordinated_groups"))
		self.assertEqual(theirs["value"], 1)

	def test_r5_the_calendar_answers_only_readable_meetings_and_only_their_time_and_title(self):
		start, end = str(add_days(getdate(), -60)), str(add_days(getdate(), 60))
		method = CARD_MODULE + "get_meeting_events"
		for role, user in self.users().items():
			with self.subTest(role=role):
				response = self.call(user, method, doctype="Meeting Minutes", start=start, end=end)
				events = roads.message(response) or []
				names = {event["name"] for event in events}
				self.assertLessEqual(names, self.listed(user, "Meeting Minutes"))
				for event in events:
					self.assertLessEqual(set(event), {"name", "start", "end", "all_day", "title", "status"})
		coordinator_events = roads.message(
			self.call(self.town.coordinator, method, doctype="Meeting Minutes", start=start, end=end)
		)
		names = {event["name"] for event in coordinator_events}
		self.assertIn(self.approved_minutes, names)
		self.assertNotIn(self.other_minutes, names)
		outsider = self.call(self.town.outsider, method, doctype="Meeting Minutes", start=start, end=end)
		self.assertEqual(roads.message(outsider) or [], [])

	def test_r17_the_coordinating_units_charts_are_answered_only_to_it_and_per_user(self):
		method = "frappe.desk.doctype.dashboard_chart.dashboard_chart.get"
		charts = frappe.get_all("Dashboard Chart", {"module": "Ansvarsgruppe"}, pluck="name")
		self.assertGreaterEqual(len(charts), 4)
		for chart in charts:
			with self.subTest(chart=chart):
				# The coordinating unit fills the cache first; nobody else reads it.
				self.assertEqual(self.call(self.ke, method, chart_name=chart, refresh=1).status_code, 200)
				for role in ("coordinator", "member", "other coordinator", "outsider"):
					response = self.call(self.users()[role], method, chart_name=chart)
					self.assertEqual(response.status_code, 403, (role, response.text[:200]))
				# A definition of one's own under the chart's name reads nothing from the cache.
				forged = {"name": chart, "chart_type": "Group By", "document_type": "Responsibility Group"}
				response = self.call(self.town.coordinator, method, chart=frappe.as_json(forged))
				self.assertEqual(response.status_code, 403, response.text[:200])
		by_status = roads.message(self.call(self.ke, method, chart_name="Groups by Status"))
		self.assertIn("Godkjent", by_status["labels"])  # the status in the user's language
		self.assertEqual(
			sum(by_status["datasets"][0]["values"]), len(self.listed(self.ke, "Responsibility Group"))
		)

	def test_r5_a_homes_cards_at_once_are_exactly_the_ones_each_user_gets_one_by_one(self):
		"""The home's batch (``cards``) answers a card only where Frappe's form load answers it, with the
		figure the card's own method gives the same user; a card of another kind is never computed."""
		cards = frappe.get_all("Number Card", {"module": "Ansvarsgruppe"}, ["name", "method"])
		forged = [
			_card("frappe.client.get_count", "[]"),
			_card(CARD_MODULE + "coordinated_groups", '[["Responsibility Group", "status", "=", "Closed"]]'),
		]
		try:
			names = [card.name for card in cards] + forged + ["No Such Card"]
			before = roads.count("Number Card")
			for role, user in self.users().items():
				with self.subTest(role=role):
					response = self.call(user, BATCH, names=names)
					self.assertEqual(response.status_code, 200, response.text[:300])
					batch = roads.message(response)
					self.assertLessEqual(set(batch), {card.name for card in cards})
					for card in cards:
						form = self.call(
							user, "frappe.desk.form.load.getdoc", doctype="Number Card", name=card.name
						)
						if not form.ok:
							self.assertNotIn(card.name, batch)
							continue
						self.assertEqual(
							batch[card.name]["value"], roads.message(self.call(user, card.method))
						)
						self.assertEqual(batch[card.name]["doc"]["method"], card.method)
			for role, session in (("portal parent", self.client(self.parent)), ("guest", requests.Session())):
				with self.subTest(role=role):
					ATTEMPTS[0] += 1
					response = session.get(
						get_url(f"/api/method/{BATCH}"), params={"names": frappe.as_json(names)}
					)
					self.assertEqual(response.status_code, 403, response.text[:200])
					self.assertNotIn("value", response.text)
			too_many = self.call(self.town.coordinator, BATCH, names=[cards[0].name] * 31)
			self.assertFalse(too_many.ok)
			self.assertEqual(roads.count("Number Card"), before)
		finally:
			for name in forged:
				frappe.delete_doc("Number Card", name, force=True, ignore_permissions=True)
			frappe.db.commit()


def _child(route_options: dict) -> str | None:
	tables = {key.split(".")[0] for key in route_options if "." in key}
	return next(iter(tables), None)


class TestDeskMethodRoads(DeskRoadsCase):
	"""The desk's own methods beside the home: the relation choices, the group's access history and the
	form's docinfo, over HTTP; each answers only what the list road gives the user (R5). The app's
	ledger and settings are read by whom their roles name."""

	def test_r5_relations_are_answered_only_to_whom_may_read_the_service_user(self):
		method = "ansvarsgruppe.api.desk.get_relations"
		for role, user in self.everyone().items():
			for child in (self.town.child.name, self.other_child.name):
				with self.subTest(role=role, child=child):
					response = self.call(user, method, service_user=child)
					if child in self.listed(user, "Service User"):
						self.assertEqual(response.status_code, 200, response.text[:200])
						self.assertTrue(roads.message(response))
					else:
						self.assertEqual(response.status_code, 403, response.text[:200])
						self.assertNotIn("full_name", response.text)

	def test_r5_only_the_groups_coordinator_sees_who_opened_its_records(self):
		method = "ansvarsgruppe.api.desk.get_group_access_history"
		response = self.call(self.town.coordinator, method, group=self.group)
		self.assertEqual(response.status_code, 200, response.text[:200])
		for role, user in self.everyone().items():
			if user == self.town.coordinator:
				continue
			with self.subTest(role=role):
				response = self.call(user, method, group=self.group)
				self.assertEqual(response.status_code, 403, response.text[:200])

	def test_r5_the_forms_docinfo_is_answered_only_for_readable_records(self):
		method = "frappe.desk.form.load.get_docinfo"
		for role, user in self.everyone().items():
			for doctype, name in self.other_family().items():
				with self.subTest(role=role, doctype=doctype):
					response = self.call(user, method, doctype=doctype, name=name)
					if name in self.listed(user, doctype):
						self.assertEqual(response.status_code, 200, response.text[:200])
					else:
						self.assertEqual(response.status_code, 403, response.text[:200])
						self.assertNotIn("docinfo", response.json())

	def test_the_alert_ledger_and_the_id_porten_settings_are_for_system_managers_only(self):
		# The ledger names each alert's recipients and record; the settings hold the client's credentials.
		for role, user in self.everyone().items():
			with self.subTest(role=role):
				client = self.client(user)
				response = client.get("/api/resource/Sent Alert")
				self.assertEqual(response.status_code, 403, response.text[:200])
				response = client.get("/api/resource/IDporten Settings/IDporten Settings")
				self.assertIn(response.status_code, (403, 404), response.text[:200])
				self.assertNotIn("client_id", response.text)
				response = client.get("/api/resource/Ansvarsgruppe Settings/Ansvarsgruppe Settings")
				self.assertIn(response.status_code, (403, 404), response.text[:200])
				# KE keeps the municipality's settings in the desk's form (REST is closed to all)
				response = client.get(
					"/api/method/frappe.desk.form.load.getdoc",
					doctype="Ansvarsgruppe Settings",
					name="Ansvarsgruppe Settings",
				)
				self.assertEqual(response.ok, user == self.ke, response.text[:200])


def _card(method: str, filters_json: str) -> str:
	"""A card someone could store that the home's batch must not compute (committed: the server reads it)."""
	card = frappe.get_doc(
		{
			"doctype": "Number Card",
			"label": f"Forged {frappe.generate_hash(length=6)}",
			"type": "Custom",
			"method": method,
			"filters_json": filters_json,
			"is_public": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return card.name
