"""Attack suite (side channels): what Frappe's extras around a record let a user learn or leave behind, tried
over HTTP against the served test site as the demo's kinds of users (a portal parent, a participant, a former
member, the coordinator of another group, a unit leader, KE) (R4, R5, R11, R16, R18, R20).

Following, liking, tagging, assigning and commenting; the history in the form's timeline and in the followers'
digest mail; prints; CSV and Excel exports; and where the browser lands after a log-in. Every forbidden attempt
is refused and changes nothing (rows counted before and after); every allowed one still works.
"""

import csv
import email
import io
import json
import re
from email import policy
from html import unescape
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import frappe
import openpyxl
from frappe.utils import get_url, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.permissions import side_channels
from ansvarsgruppe.printing import formats
from ansvarsgruppe.rules import norwegian
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests import idporten_support as support
from ansvarsgruppe.tests import test_attacks_roads as roads
from ansvarsgruppe.tests.test_attacks_roads import PASSWORD, RoadsTestCase, count

ATTEMPTS = [0]
EXTRA = {}  # what this suite adds to the roads suite's committed scene, made once

CLOSING_REASON = "Flyttet til fosterhjem etter melding til barnevernet"
INTERNAL_NOTE = "Intern merknad: mor har hatt innleggelse i psykiatrien"
FORMULA = '=HYPERLINK("http://evil.example/","Klikk her")'
# as they stand in an attacker's link (the server decodes the query once)
REDIRECTS = (
	"/%09/evil.example",
	"//evil.example",
	"/%5Cevil.example",
	"https://evil.example",
	"%2F%2Fevil.example",
	"/%0D%0A/evil.example",
	"%252F%252Fevil.example",
)


class Client(roads.Client):
	def get(self, path: str, **params):
		ATTEMPTS[0] += 1
		return super().get(path, **params)

	def post(self, path: str, files=None, **data):
		ATTEMPTS[0] += 1
		return super().post(path, files=files, **data)

	def call(self, method: str, **data):
		return self.post(f"/api/method/{method}", **data)


def may_read(user: str, doctype: str, name: str) -> bool:
	return bool(frappe.has_permission(doctype, "read", doc=name, user=user))


def lands_on_site(location: str | None) -> bool:
	"""Whether a browser sent to ``location`` stays on this site (it drops tabs and newlines and reads a
	backslash as a slash before it resolves the address)."""
	if location is None:
		return True
	cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/").strip()
	return urlsplit(urljoin(get_url("/"), cleaned)).netloc == urlsplit(get_url("/")).netloc


class SideChannelsTestCase(RoadsTestCase):
	"""The roads suite's municipality, plus a unit leader of the school, the child's application decided for
	the school, a group that was closed with a reason, and notes above the members' level on the child."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not EXTRA:
			EXTRA.update(cls.make_extra())
		for key, value in EXTRA.items():
			setattr(cls, key, value)

	@classmethod
	def make_extra(cls) -> dict:
		town = cls.town
		extra = {}
		leader = extra["leader"] = f.make_user("Lise Leder", ["Unit Leader"])
		frappe.db.set_value("Service Unit", town.school, "unit_leader", leader)
		child = frappe.get_doc("Service User", town.child.name)
		application = f.new_application(child, proposed_coordinator=town.coordinator).insert(
			ignore_permissions=True
		)
		frappe.db.set_value("IP Application", application.name, "responsible_unit", town.school)
		extra["application"] = application.name

		# A change above the members' level on the child: an internal note and a relative's identity number.
		child.internal_notes = INTERNAL_NOTE
		child.relations[1].national_id = f.number_for(getdate("1980-03-03"), 321)
		child.save(ignore_version=False)  # the tests skip Versions unless asked
		extra["relative_id"] = child.relations[1].national_id

		# A group closed with a reason that KE, who reads every group but not its level-2 fields, may not read.
		closed_child = f.make_service_user(relations=[f.parent("Tove Lukket")])
		consent = f.make_consent(closed_child, [town.school])
		group = f.make_group(
			closed_child.name, town.school, town.coordinator, consent.name, status=st.GROUP_APPROVED
		)
		f.make_minutes(group.name, "Closing", days_ago=1)
		group.reload()
		group.closed_date, group.closing_reason = getdate(), CLOSING_REASON
		group.save(ignore_version=False)
		group.reload()
		extra["reasoned_group"] = f.advance(group, st.GROUP_CLOSED).name

		# An assignment of the other family's group, for the roads that end one.
		extra["other_todo"] = (
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": cls.other_coordinator,
					"reference_type": "Responsibility Group",
					"reference_name": cls.other_group,
					"description": "Følg opp overgangen",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		for user in (
			leader,
			town.coordinator,
			town.teacher,
			cls.ended,
			cls.other_coordinator,
			cls.ke,
			cls.parent,
		):
			frappe.db.set_value(
				"User", user, {"document_follow_notify": 1, "document_follow_frequency": "Hourly"}
			)
		update_password(leader, PASSWORD)
		frappe.db.commit()
		return extra

	def client(self, user: str) -> Client:
		if user not in self.clients:
			self.clients[user] = Client(user)
		return self.clients[user]

	def outsiders(self) -> dict[str, tuple[str, str]]:
		"""Each kind of user with a group they may not read: (user, group)."""
		users = {
			"portal parent": (self.parent, self.other_group),
			"participant": (self.town.teacher, self.other_group),
			"former member": (self.ended, self.group),
			"coordinator of another group": (self.other_coordinator, self.group),
			"unit leader": (self.leader, self.other_group),
		}
		for role, (user, group) in users.items():
			self.assertFalse(may_read(user, "Responsibility Group", group), f"{role} reads {group}")
		return users

	def finals(self) -> dict[str, tuple[str, str, str]]:
		"""Final records and a user who reads each: (user, DocType, name)."""
		records = {
			"approved minutes": (self.town.coordinator, "Meeting Minutes", self.approved_minutes),
			"signed consent": (self.town.coordinator, "Consent", self.town.consent.name),
			"closed group": (self.ke, "Responsibility Group", self.reasoned_group),
		}
		for what, (user, doctype, name) in records.items():
			self.assertTrue(side_channels.is_final(doctype, name), what)
			self.assertTrue(may_read(user, doctype, name), f"{user} reads the {what}")
		return records


def side_rows(doctype: str, name: str) -> dict:
	"""What likes, comments, tags, assignments and follows left on a record, as the web server committed it."""
	frappe.db.rollback()
	return {
		"likes": frappe.db.count(
			"Comment", {"reference_doctype": doctype, "reference_name": name, "comment_type": "Like"}
		),
		"comments": frappe.db.count(
			"Comment", {"reference_doctype": doctype, "reference_name": name, "comment_type": "Comment"}
		),
		"tags": frappe.db.count("Tag Link", {"document_type": doctype, "document_name": name}),
		"assignments": frappe.db.count("ToDo", {"reference_type": doctype, "reference_name": name}),
		"open assignments": frappe.db.count(
			"ToDo", {"reference_type": doctype, "reference_name": name, "status": "Open"}
		),
		"follows": frappe.db.count("Document Follow", {"ref_doctype": doctype, "ref_docname": name}),
		"liked by": frappe.db.get_value(doctype, name, "_liked_by"),
		"user tags": frappe.db.get_value(doctype, name, "_user_tags"),
	}


class TestSideActions(SideChannelsTestCase):
	def attempts(self, client: Client, doctype: str, name: str) -> dict:
		return {
			"like": lambda: client.call(
				"frappe.desk.like.toggle_like", doctype=doctype, name=name, add="Yes"
			),
			"comment": lambda: client.call(
				"frappe.desk.form.utils.add_comment",
				reference_doctype=doctype,
				reference_name=name,
				content="Jeg har en kommentar",
				comment_email=client.user,
				comment_by=client.user,
			),
			"tag": lambda: client.call(
				"frappe.desk.doctype.tag.tag.add_tag", tag="viktig", dt=doctype, dn=name
			),
			"tags": lambda: client.call(
				"frappe.desk.doctype.tag.tag.add_tags", tags=["viktig"], dt=doctype, docs=[name]
			),
			"assignment": lambda: client.call(
				"frappe.desk.form.assign_to.add",
				assign_to=[client.user],
				doctype=doctype,
				name=name,
				ignore_permissions=1,
			),
			"assignment (REST)": lambda: client.post(
				"/api/resource/ToDo",
				data=json.dumps(
					{
						"allocated_to": client.user,
						"reference_type": doctype,
						"reference_name": name,
						"description": "Se på denne",
					}
				),
			),
			"follow": lambda: client.call(
				"frappe.desk.form.document_follow.follow_document",
				doctype=doctype,
				doc_name=name,
				user=client.user,
			),
			"follow (toggle)": lambda: client.call(
				"frappe.desk.form.document_follow.update_follow",
				doctype=doctype,
				doc_name=name,
				following=1,
			),
		}

	def test_r5_nothing_is_left_on_a_record_one_may_not_read(self):
		for role, (user, group) in self.outsiders().items():
			client = self.client(user)
			for action, attempt in self.attempts(client, "Responsibility Group", group).items():
				before = side_rows("Responsibility Group", group)
				response = attempt()
				self.assertFalse(response.ok, f"{role}: {action} on {group}: {response.text[:200]}")
				self.assertEqual(side_rows("Responsibility Group", group), before, f"{role}: {action}")

	def test_final_records_take_no_likes_tags_assignments_or_comments(self):
		for what, (user, doctype, name) in self.finals().items():
			client = self.client(user)
			for action, attempt in self.attempts(client, doctype, name).items():
				if action.startswith("follow"):
					continue  # following changes nothing on the record
				before = side_rows(doctype, name)
				response = attempt()
				self.assertEqual(response.status_code, 403, f"{what}: {action}: {response.text[:300]}")
				self.assertEqual(side_rows(doctype, name), before, f"{what}: {action}")

	def test_a_like_tag_or_comment_left_before_a_record_became_final_stays(self):
		user, doctype, name = self.finals()["approved minutes"]
		if not frappe.db.exists("Tag", "arkiv"):
			frappe.get_doc({"doctype": "Tag", "name": "arkiv"}).insert(ignore_permissions=True)
		# written before the minutes were approved (raw: the rows' checks refuse them on final minutes now)
		tag = frappe.get_doc(
			{"doctype": "Tag Link", "document_type": doctype, "document_name": name, "tag": "arkiv"}
		)
		tag.db_insert()
		frappe.db.set_value(
			doctype, name, {"_user_tags": ",arkiv", "_liked_by": json.dumps([user])}, update_modified=False
		)
		like = frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Like",
				"reference_doctype": doctype,
				"reference_name": name,
				"content": "Liked",
			}
		)
		like.db_insert()
		comment = frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": doctype,
				"reference_name": name,
				"content": "Før godkjenning",
			}
		)
		comment.db_insert()
		frappe.db.set_value("Comment", [like.name, comment.name], "owner", user, update_modified=False)
		frappe.db.commit()
		try:
			client = self.client(user)
			roads_ = {
				"remove tag": lambda: client.call(
					"frappe.desk.doctype.tag.tag.remove_tag", tag="arkiv", dt=doctype, dn=name
				),
				"unlike": lambda: client.call(
					"frappe.desk.like.toggle_like", doctype=doctype, name=name, add="No"
				),
				"edit comment": lambda: client.call(
					"frappe.desk.form.utils.update_comment",
					name=comment.name,
					content="Endret etter godkjenning",
				),
			}
			for action, attempt in roads_.items():
				before = side_rows(doctype, name)
				response = attempt()
				self.assertEqual(response.status_code, 403, f"{action}: {response.text[:300]}")
				self.assertEqual(side_rows(doctype, name), before, action)
			self.assertEqual(frappe.db.get_value("Comment", comment.name, "content"), "Før godkjenning")
		finally:
			for row in (("Tag Link", tag.name), ("Comment", like.name), ("Comment", comment.name)):
				frappe.db.delete(*row[:1], {"name": row[1]})
			frappe.db.set_value(doctype, name, {"_user_tags": None, "_liked_by": None}, update_modified=False)
			frappe.db.commit()

	def test_an_assignment_goes_only_to_someone_who_may_read_the_record_and_is_ended_only_by_a_reader(self):
		coordinator = self.client(self.town.coordinator)
		before = side_rows("Responsibility Group", self.group)
		response = coordinator.call(
			"frappe.desk.form.assign_to.add",
			assign_to=[self.other_coordinator],
			doctype="Responsibility Group",
			name=self.group,
		)
		self.assertEqual(response.status_code, 403, response.text[:300])
		self.assertEqual(side_rows("Responsibility Group", self.group), before)
		# the other family's assignment is not ended by someone who may not read the group
		for role, (user, group) in self.outsiders().items():
			if group != self.other_group:
				continue
			for method in ("remove", "close"):
				response = self.client(user).call(
					f"frappe.desk.form.assign_to.{method}",
					doctype="Responsibility Group",
					name=self.other_group,
					assign_to=self.other_coordinator,
					ignore_permissions=1,
				)
				self.assertFalse(response.ok, f"{role}: {method}")
				self.assertEqual(
					frappe.db.get_value("ToDo", self.other_todo, "status"), "Open", f"{role}: {method}"
				)

	def test_follows_are_ones_own_and_only_of_readable_records(self):
		coordinator = self.client(self.town.coordinator)
		before = count("Document Follow")
		response = coordinator.call(
			"frappe.desk.form.document_follow.follow_document",
			doctype="Responsibility Group",
			doc_name=self.group,
			user=self.town.teacher,
		)
		self.assertEqual(response.status_code, 403, response.text[:300])
		self.assertEqual(count("Document Follow"), before)
		# nobody sees or ends another user's follow
		follow = frappe.get_doc(
			{
				"doctype": "Document Follow",
				"ref_doctype": "Responsibility Group",
				"ref_docname": self.group,
				"user": self.town.coordinator,
			}
		)
		follow.db_insert()
		frappe.db.commit()
		try:
			for role, (user, _group) in self.outsiders().items():
				client = self.client(user)
				rows = client.rows("Document Follow", fields=["name", "user", "ref_docname"])
				self.assertEqual(
					{row["user"] for row in rows} - {user}, set(), f"{role} sees others' follows"
				)
				self.assertFalse(client.get(f"/api/resource/Document Follow/{follow.name}").ok, role)
				client.call(
					"frappe.desk.form.document_follow.unfollow_document",
					doctype="Responsibility Group",
					doc_name=self.group,
					user=self.town.coordinator,
				)
				self.assertEqual(count("Document Follow", {"name": follow.name}), 1, f"{role} ended a follow")
				response = client.method(
					"frappe.desk.form.document_follow.get_follow_users",
					doctype="Responsibility Group",
					doc_name=self.group,
				)
				if not may_read(user, "Responsibility Group", self.group):
					self.assertNotIn(self.town.coordinator, response.text, f"{role} sees who follows")
		finally:
			frappe.db.delete("Document Follow", {"name": follow.name})
			frappe.db.commit()

	def test_the_happy_path_still_works(self):
		frappe.db.delete(
			"Document Follow",
			{"ref_doctype": "Responsibility Group", "ref_docname": self.group, "user": self.town.teacher},
		)
		frappe.db.commit()
		coordinator = self.client(self.town.coordinator)
		before = side_rows("Responsibility Group", self.group)
		response = coordinator.call(
			"frappe.desk.form.utils.add_comment",
			reference_doctype="Responsibility Group",
			reference_name=self.group,
			content="Neste møte flyttes en uke",
			comment_email=self.town.coordinator,
			comment_by="Kari Koordinator",
		)
		self.assertTrue(response.ok, response.text[:300])
		response = coordinator.call(
			"frappe.desk.form.assign_to.add",
			assign_to=[self.town.teacher],
			doctype="Responsibility Group",
			name=self.group,
		)
		self.assertTrue(response.ok, response.text[:300])
		self.assertTrue(
			coordinator.call(
				"frappe.desk.like.toggle_like", doctype="Responsibility Group", name=self.group, add="Yes"
			).ok
		)
		self.assertTrue(
			coordinator.call(
				"frappe.desk.doctype.tag.tag.add_tag",
				tag="oppfølging",
				dt="Responsibility Group",
				dn=self.group,
			).ok
		)
		member = self.client(self.town.teacher)
		response = member.call(
			"frappe.desk.form.document_follow.follow_document",
			doctype="Responsibility Group",
			doc_name=self.group,
			user=self.town.teacher,
		)
		self.assertTrue(response.ok, response.text[:300])
		after = side_rows("Responsibility Group", self.group)
		for key in ("comments", "likes", "tags", "open assignments"):
			self.assertEqual(after[key], before[key] + 1, key)
		self.assertGreaterEqual(after["follows"], before["follows"] + 1)
		# and ended again
		self.assertTrue(
			coordinator.call(
				"frappe.desk.doctype.tag.tag.remove_tag",
				tag="oppfølging",
				dt="Responsibility Group",
				dn=self.group,
			).ok
		)
		self.assertTrue(
			coordinator.call(
				"frappe.desk.form.assign_to.remove",
				doctype="Responsibility Group",
				name=self.group,
				assign_to=self.town.teacher,
			).ok
		)
		self.assertTrue(
			member.call(
				"frappe.desk.form.document_follow.unfollow_document",
				doctype="Responsibility Group",
				doc_name=self.group,
				user=self.town.teacher,
			).ok
		)
		self.assertEqual(
			side_rows("Responsibility Group", self.group)["open assignments"], before["open assignments"]
		)

	def test_tags_of_records_one_may_not_read_are_not_listed(self):
		if not frappe.db.exists("Tag", "barnevern"):
			frappe.get_doc({"doctype": "Tag", "name": "barnevern"}).insert(ignore_permissions=True)
		tag = frappe.get_doc(
			{
				"doctype": "Tag Link",
				"document_type": "Responsibility Group",
				"document_name": self.other_group,
				"tag": "barnevern",
				"title": self.other_group,
			}
		)
		tag.db_insert()
		frappe.db.set_value(
			"Responsibility Group", self.other_group, "_user_tags", ",barnevern", update_modified=False
		)
		frappe.db.commit()
		try:
			for role, (user, group) in self.outsiders().items():
				if group != self.other_group:
					continue
				client = self.client(user)
				rows = client.rows("Tag Link", fields=["document_name", "title"])
				self.assertNotIn(self.other_group, json.dumps(rows), role)
				for method, args in (
					("get_documents_for_tag", {"tag": "#barnevern"}),
					("get_tagged_docs", {"doctype": "Responsibility Group", "tag": "%barnevern%"}),
				):
					found = client.method(f"frappe.desk.doctype.tag.tag.{method}", **args)
					self.assertNotIn(self.other_group, found.text, f"{role}: {method}")
			coordinator = self.client(self.other_coordinator)
			# Tag Link over REST is closed to everyone (deny by default); the desk finds tags by its methods
			self.assertEqual(coordinator.get("/api/resource/Tag Link").status_code, 403)
			found = coordinator.method("frappe.desk.doctype.tag.tag.get_documents_for_tag", tag="#barnevern")
			self.assertIn(self.other_group, found.text, "the coordinator reads it")
			found = coordinator.method(
				"frappe.desk.doctype.tag.tag.get_tagged_docs",
				doctype="Responsibility Group",
				tag="%barnevern%",
			)
			self.assertIn(self.other_group, found.text, "and finds the group by its tag")
		finally:
			frappe.db.delete("Tag Link", {"name": tag.name})
			frappe.db.set_value(
				"Responsibility Group", self.other_group, "_user_tags", None, update_modified=False
			)
			frappe.db.commit()


class TestFollowDigest(SideChannelsTestCase):
	"""The hourly digest of followed records, as the scheduler runs it."""

	def run_digests(self):
		for method in frappe.get_all(
			"Scheduled Job Type",
			{"stopped": 0, "frequency": "Hourly", "method": ("like", "%follow%")},
			pluck="method",
		):
			frappe.get_attr(method)()

	def mails_to(self, user: str) -> list[str]:
		"""The text of the mails queued for ``user`` since the change, decoded."""
		texts = []
		for raw, queue in frappe.get_all(
			"Email Queue", {"creation": (">=", self.started)}, ["message", "name"], as_list=True
		):
			if frappe.db.exists("Email Queue Recipient", {"parent": queue, "recipient": user}):
				message = email.message_from_string(raw, policy=policy.default)
				texts.append(
					" ".join(
						part.get_content() for part in message.walk() if part.get_content_maintype() == "text"
					)
				)
		return texts

	def test_a_follower_who_lost_access_gets_no_mail_and_nobody_reads_a_hidden_field_in_it(self):
		town = self.town
		followers = {town.teacher: True, self.ended: False, self.ke: True}
		names = []
		for user in followers:
			follow = frappe.get_doc(
				{
					"doctype": "Document Follow",
					"ref_doctype": "Responsibility Group",
					"ref_docname": self.group,
					"user": user,
				}
			)
			follow.db_insert()  # followed while they could read the group (the former member, before leaving)
			names.append(follow.name)
		self.assertFalse(may_read(self.ended, "Responsibility Group", self.group))
		secret = f"Hemmelig møteplan {frappe.generate_hash(length=6)}"
		group = frappe.get_doc("Responsibility Group", self.group)
		group.meeting_plan = secret
		group.established_date = frappe.utils.add_days(group.established_date or getdate(), -1)
		group.save(ignore_version=False)
		frappe.db.commit()
		self.started = frappe.db.get_value(
			"Version",
			{"ref_doctype": "Responsibility Group", "docname": self.group},
			"creation",
			order_by="creation desc",
		)
		try:
			self.run_digests()
			self.assertTrue(self.mails_to(town.teacher), "the member who follows the group gets the digest")
			self.assertEqual(self.mails_to(self.ended), [], "the former member gets no mail about the group")
			ke_mail = "\n".join(self.mails_to(self.ke))
			self.assertIn("established_date", ke_mail, "KE gets what KE may read")
			self.assertNotIn(secret, ke_mail, "KE does not read the meeting plan (level 2)")
			self.assertIn(secret, "\n".join(self.mails_to(town.teacher)), "the member reads it")
		finally:
			frappe.db.delete("Document Follow", {"name": ("in", names)})
			frappe.db.commit()


class TestHistory(SideChannelsTestCase):
	def versions(self, user: str, doctype: str, name: str) -> str:
		client = self.client(user)
		texts = []
		for response in (
			client.get("/api/method/frappe.desk.form.load.getdoc", doctype=doctype, name=name),
			client.get("/api/method/frappe.desk.form.load.get_docinfo", doctype=doctype, name=name),
		):
			self.assertTrue(response.ok, f"{user}: {response.text[:300]}")
			texts.append(json.dumps(response.json().get("docinfo", {}).get("versions")))
		return "\n".join(texts)

	def test_the_timeline_shows_no_field_above_the_readers_level(self):
		# KE reads every group, but not its level-2 fields such as the closing reason
		history = self.versions(self.ke, "Responsibility Group", self.reasoned_group)
		self.assertIn("closed_date", history, "KE still sees the rest of the history")
		self.assertNotIn(CLOSING_REASON, history)
		self.assertNotIn("closing_reason", history)
		self.assertIn(
			CLOSING_REASON, self.versions(self.town.coordinator, "Responsibility Group", self.reasoned_group)
		)
		# a member reads the person, but not the internal notes or an identity number
		history = self.versions(self.town.teacher, "Service User", self.town.child.name)
		self.assertNotIn(INTERNAL_NOTE, history)
		self.assertNotIn(self.relative_id, history)
		self.assertNotIn("national_id", history)
		history = self.versions(self.ke, "Service User", self.town.child.name)
		self.assertIn(INTERNAL_NOTE, history, "KE reads the internal notes")

	def test_versions_are_not_read_directly(self):
		for user in (self.ke, self.town.teacher, self.leader, self.town.coordinator):
			client = self.client(user)
			rows = client.rows(
				"Version", fields=["name", "data"], filters={"ref_doctype": "Responsibility Group"}
			)
			self.assertEqual(rows, [], user)
			response = client.method(
				"frappe.client.get_list",
				doctype="Version",
				fields=["data"],
				filters={"docname": self.reasoned_group},
			)
			self.assertNotIn(CLOSING_REASON, response.text, user)


class TestPrints(SideChannelsTestCase):
	def prints(self, user: str, doctype: str, name: str, print_format: str) -> str:
		client = self.client(user)
		preview = client.call(
			"frappe.www.printview.get_html_and_style", doc=doctype, name=name, print_format=print_format
		)
		page = client.get("/printview", doctype=doctype, name=name, format=print_format)
		self.assertTrue(preview.ok and page.ok, f"{user}: {preview.text[:200]} {page.text[:200]}")
		return preview.text + page.text

	def test_r20_the_application_prints_the_fodselsnummer_only_for_a_reader_with_its_level(self):
		number = frappe.db.get_value("Service User", self.town.child.name, "national_id")
		shown = (number, norwegian.national_id(number))
		for print_format in (formats.APPLICATION_FORMAT, "Standard"):
			text = self.prints(self.leader, "IP Application", self.application, print_format)
			self.assertIn(self.application, text)
			for form in shown:
				self.assertNotIn(form, text, f"the unit leader's {print_format} print")
		text = self.prints(
			self.town.coordinator, "IP Application", self.application, formats.APPLICATION_FORMAT
		)
		self.assertIn(norwegian.national_id(number), text, "the coordinator, who has the level, sees it")
		pdf = self.client(self.leader).get(
			"/api/method/frappe.utils.print_format.download_pdf",
			doctype="IP Application",
			name=self.application,
			format=formats.APPLICATION_FORMAT,
		)
		self.assertTrue(pdf.content.startswith(b"%PDF"), pdf.text[:300])
		from pypdf import PdfReader

		text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
		self.assertNotIn(norwegian.national_id(number), text)
		self.assertNotIn(number, text.replace(" ", ""))

	def test_r20_the_consent_print_and_the_persons_standard_print(self):
		number = frappe.db.get_value("Service User", self.town.child.name, "national_id")
		for user in (self.leader, self.town.teacher):
			if may_read(user, "Consent", self.town.consent.name):
				text = self.prints(user, "Consent", self.town.consent.name, formats.CONSENT_FORMAT)
				self.assertNotIn(norwegian.national_id(number), text, user)
			if may_read(user, "Service User", self.town.child.name):
				text = self.prints(user, "Service User", self.town.child.name, "Standard")
				self.assertNotIn(number, text, user)
				self.assertNotIn(self.relative_id, text, user)
		text = self.prints(self.town.coordinator, "Consent", self.town.consent.name, formats.CONSENT_FORMAT)
		self.assertIn(norwegian.national_id(number), text)


class TestExports(SideChannelsTestCase):
	def cells_of(self, response) -> list[str]:
		self.assertTrue(response.ok, response.text[:300])
		content = response.content
		if content.startswith(b"PK"):
			sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
			return [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
		return [cell for row in csv.reader(io.StringIO(content.decode("utf-8"))) for cell in row]

	def test_a_formula_typed_in_a_web_form_arrives_as_text_in_kes_exports(self):
		data = {
			"doctype": "IP Application",
			"service_user": self.town.child.name,
			"applied_for": "Both",
			"needs_description": FORMULA,
		}
		before = count("IP Application")
		response = self.client(self.parent).post(
			"/api/method/frappe.website.doctype.web_form.web_form.accept", web_form="soknad-om-ip", data=data
		)
		self.assertTrue(response.ok, response.text[:300])
		self.assertEqual(count("IP Application"), before + 1)
		application = frappe.db.get_value("IP Application", {"needs_description": FORMULA})
		self.assertTrue(application)
		ke = self.client(self.ke)
		for file_format in ("CSV", "Excel"):
			response = ke.post(
				"/api/method/frappe.desk.reportview.export_query",
				doctype="IP Application",
				file_format_type=file_format,
				fields=["`tabIP Application`.`name`", "`tabIP Application`.`needs_description`"],
				filters={"name": application},
				title="Søknader",
			)
			cells = self.cells_of(response)
			self.assertIn("'" + FORMULA, cells, file_format)
			self.assertNotIn(FORMULA, cells, file_format)

	def test_the_query_reports_export_is_neutralised_too(self):
		before = frappe.db.get_value("Responsibility Group", self.other_group, "service_user_name")
		frappe.db.set_value(
			"Responsibility Group", self.other_group, "service_user_name", "@SUM(1+1)*cmd|' /C calc'!A0"
		)
		frappe.db.commit()
		try:
			for file_format in ("CSV", "Excel"):
				response = self.client(self.ke).post(
					"/api/method/frappe.desk.query_report.export_query",
					report_name="Responsibility Group Overview",
					file_format_type=file_format,
					filters={"responsible_unit": self.town.welfare},
					visible_idx=[],
				)
				cells = self.cells_of(response)
				self.assertIn("'@SUM(1+1)*cmd|' /C calc'!A0", cells, file_format)
				self.assertNotIn("@SUM(1+1)*cmd|' /C calc'!A0", cells, file_format)
		finally:
			frappe.db.set_value("Responsibility Group", self.other_group, "service_user_name", before)
			frappe.db.commit()


class TestLoginRedirects(f.MunicipalityTestCase):
	"""After a log-in the browser lands on this site, whatever ``redirect-to`` says (the payloads are written
	into the address as an attacker's link has them)."""

	with_staff = False
	language = None

	def visit(self, browser, page: str, payload: str):
		"""Follow the site's answers to ``page?redirect-to=payload``: every place the browser is sent is on
		this site, and so is every target the served log-in page leaves for after the log-in (its script
		reads ``redirect-to`` from the address, decoded once; its links carry it on)."""
		url = f"{get_url(page)}?redirect-to={payload}"
		for _hop in range(5):
			ATTEMPTS[0] += 1
			answer = browser.session.get(url, allow_redirects=False)
			if answer.status_code not in (301, 302, 303, 307, 308):
				break
			location = answer.headers["Location"]
			self.assertTrue(lands_on_site(location), f"{page} {payload}: sent to {location!r}")
			url = urljoin(url, location)
			if urlsplit(url).path not in ("/login", "/logg-inn"):
				return
		self.assertEqual(answer.status_code, 200, f"{page} {payload}")
		for key, value in re.findall(r"[?&]([^=&#]+)=([^&#]*)", url):
			if key == "redirect-to":
				self.assertTrue(lands_on_site(unquote(value)), f"{page} {payload}: the page reads {value!r}")
		for link in re.findall(r'href="([^"]*)"', answer.text):
			for key, values in parse_qs(urlsplit(unescape(link)).query).items():
				if "redirect" in key:
					for value in values:
						self.assertTrue(lands_on_site(value), f"{page} {payload}: a link to {link!r}")

	def test_the_log_in_pages_send_a_guest_on_only_to_a_path_on_the_site(self):
		for payload in REDIRECTS:
			for page in ("/login", "/logg-inn"):
				self.visit(support.Browser(), page, payload)

	def test_a_logged_in_user_is_sent_on_only_to_a_path_on_the_site(self):
		user = f.make_login_user("Rita Rett", ["Group Participant"], PASSWORD)
		frappe.db.commit()
		browser = support.Browser()
		self.assertEqual(browser.password_login(user, PASSWORD).status_code, 200)
		for payload in REDIRECTS:
			for page in ("/login", "/logg-inn"):
				self.visit(browser, page, payload)
		answer = browser.get("/login", **{"redirect-to": "/app/responsibility-group"})
		self.assertEqual(answer.headers["Location"], "/app/responsibility-group", "a path on the site stays")


class TestIDportenRedirects(f.MunicipalityTestCase):
	sends_email = True

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.provider, cls.family = support.scene(cls.staff)
		support.configure(cls.provider)

	@classmethod
	def tearDownClass(cls):
		support.disable()
		super().tearDownClass()

	def test_the_idporten_log_in_lands_only_on_this_site(self):
		for payload in REDIRECTS:
			ATTEMPTS[0] += 3
			self.provider.next_login(self.family.parent_pid)
			browser = support.Browser()
			start = browser.session.get(
				f"{get_url(support.LOGIN)}?redirect_to={payload}", allow_redirects=False
			)
			self.assertEqual(start.status_code, 302, start.text[:300])
			answer = browser.callback(browser.authorize(start.headers["Location"]))
			self.assertIn(answer.status_code, (301, 302, 303), answer.text[:300])
			location = answer.headers["Location"]
			self.assertTrue(lands_on_site(location), f"{payload}: sent to {location!r}")
			self.assertEqual(browser.user(), self.family.parent)
		answer = support.Browser().idporten_login(self.provider, self.family.parent_pid)
		self.assertEqual(answer.headers["Location"], "/mine-ansvarsgrupper", "the portal's own path stays")


def tearDownModule():
	print(f"\nattack suite (side channels): {ATTEMPTS[0]} attempts")
