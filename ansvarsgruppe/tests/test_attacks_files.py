"""Attack suite (files): files follow their record, tried over HTTP against the served test site as real
users of every role (R4, R5, R11, R16, R18, R19).

- A File pointing at an existing file (by ``file_url``, a bare ``file_name``, the site's own address, an
  Attach field, ``add_attachments``, the library) is refused unless the user may already read a File at
  that URL; ``..``, control characters and anything but a plain ``/files/`` or ``/private/files/`` name are
  refused outright, and nothing is copied.
- An archive package's ZIP is read by Archive Package permission only, never through the group, and is
  deleted or changed by nobody.
- Final records (a closed group, approved minutes, a signed consent, an approved plan) take no new file and
  lose none.
- A withdrawn message and its document are read by its sender and the coordinator alone.
- The coordinator still attaches to an open group and removes it again; the members read what they may.

Every forbidden attempt is refused and changes nothing (File rows, and the files on disk, counted before
and after). The data is committed (the web server reads it through its own connection) and removed when the
module ends.
"""

import io
import os
import zipfile

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_url
from frappe.utils.password import update_password

from ansvarsgruppe.api import messages as api
from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.archive import log, package
from ansvarsgruppe.audit.history import DOWNLOADED, access_history
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

PASSWORD = "Angrep-Filer-2026!"
ATTEMPTS = [0]
S = frappe._dict()
SECRET_PDF = b"%PDF-1.4\n% legeerklaering om anfall\n%%EOF\n"


def pdf(text: str) -> bytes:
	"""A small PDF of its own content (Frappe stores identical content once, under one URL)."""
	return b"%PDF-1.4\n% " + text.encode() + b" " + frappe.generate_hash(length=12).encode() + b"\n%%EOF\n"


def setUpModule():
	frappe.set_user("Administrator")
	f.ensure_outgoing_email_account()
	with f.unthrottled_users():
		build(S)
	frappe.db.commit()


def tearDownModule():
	frappe.set_user("Administrator")
	frappe.db.rollback()
	remove(S)
	frappe.db.commit()
	print(f"\nattack suite (files): {ATTEMPTS[0]} attempts")


def attach(doctype: str, name: str, content: bytes, file_name: str = "vedlegg.pdf"):
	"""A private file attached to a record as Administrator, before the record is final."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"content": content,
			"is_private": 1,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
		}
	).insert(ignore_permissions=True)
	S.setdefault("files", []).append(file.name)
	return file


def build(s):
	staff = f.login_staff(
		PASSWORD,
		leader=("Lise Leder", ["Unit Leader"]),
		local_admin=("Lars Lokal", ["Local Administrator"]),
		archivist=("Arne Arkiv", ["Archive"]),
		other_member=("Otto Annen", ["Group Participant"]),
	)
	s.update(staff)
	s.users = list(staff.values())
	s.school, s.welfare = f.make_unit(f.unique("Skole"), s.leader), f.make_unit(f.unique("Barnevern"))
	s.units = [s.school, s.welfare]

	# The family: a child with two parents who use the portal, a consent with a signed copy attached.
	child = f.make_service_user(
		relations=[
			f.parent("Ola Forelder", email=f"ola.{frappe.generate_hash(length=6)}@example.no"),
			f.parent("Mona Mor", email=f"mona.{frappe.generate_hash(length=6)}@example.no"),
		]
	)
	s.child = child.name
	consent = f.make_consent(child, [s.school], status=st.CONSENT_REGISTERED)
	s.consent_file = attach("Consent", consent.name, pdf("signert samtykke"), "samtykke.pdf").name
	s.consent = f.advance(frappe.get_doc("Consent", consent.name), st.CONSENT_ACTIVE).name
	s.group = f.make_group(s.child, s.school, s.coordinator, s.consent, status=st.GROUP_APPROVED).name
	f.make_member(s.group, s.coordinator, s.school, role="Coordinator")
	f.make_member(s.group, s.teacher, s.school)
	s.group_file = attach("Responsibility Group", s.group, pdf("skolerapport"), "skolerapport.pdf")

	# Approved minutes and an approved plan, each with a file attached while still a draft.
	minutes = f.make_minutes(s.group, "Pre-meeting", days_ago=30)
	s.minutes_file = attach("Meeting Minutes", minutes.name, pdf("referatvedlegg"), "referat.pdf").name
	minutes = f.complete(frappe.get_doc("Meeting Minutes", minutes.name))
	s.minutes = f.advance(minutes.save() and minutes, st.MINUTES_APPROVED).name
	plan = f.make_plan(s.group, s.teacher, s.school, status=st.PLAN_DRAFT)
	s.plan_file = attach("Individual Plan", plan.name, pdf("planvedlegg"), "plan.pdf").name
	plan = frappe.get_doc("Individual Plan", plan.name)
	plan.status = st.PLAN_APPROVED
	plan.save(ignore_permissions=True)
	s.plan = plan.name

	# A closed group of another person, with a received document.
	closed_child = f.make_service_user(relations=[f.parent("Liv Lukket")])
	closed_consent = f.make_consent(closed_child, [s.school])
	closed = f.make_group(
		closed_child.name, s.school, s.coordinator, closed_consent.name, status=st.GROUP_APPROVED
	)
	s.closed_file = attach("Responsibility Group", closed.name, pdf("epikrise"), "epikrise.pdf").name
	f.make_minutes(closed.name, "Closing", days_ago=1)
	frappe.db.set_value(
		"Responsibility Group",
		closed.name,
		{"closed_date": frappe.utils.getdate(), "closing_reason": "Mål nådd"},
	)
	s.closed = f.advance(frappe.get_doc("Responsibility Group", closed.name), st.GROUP_CLOSED).name
	s.extra_people = [closed_child.name]
	s.extra_consents = [closed_consent.name]

	# The open group archived by hand: its package is a private file attached to the group.
	zip_file = package.attach_to_group(
		s.group,
		f"{package.PACKAGE_PREFIX}{s.group.lower()}-{frappe.generate_hash(length=6)}.zip",
		b"PK\x05\x06" + frappe.generate_hash(length=18).encode(),
	)
	s.files.append(zip_file.name)
	s.package_file, s.package_url = zip_file.name, zip_file.file_url
	s.package = log.write(
		package.PACKAGE_DOCTYPE,
		{
			"group": s.group,
			"package_file": zip_file.file_url,
			"trigger": package.MANUAL,
			"archived_by": s.coordinator,
		},
	).name

	# Another family, its group coordinated by someone else, with a member of its own, and a parent.
	other = f.make_service_user(
		relations=[f.parent("Per Annen", email=f"per.{frappe.generate_hash(length=6)}@example.no")]
	)
	other_consent = f.make_consent(other, [s.welfare])
	s.other_group = f.make_group(
		other.name, s.welfare, s.other_coordinator, other_consent.name, status=st.GROUP_APPROVED
	).name
	f.make_member(s.other_group, s.other_member, s.welfare)
	s.extra_people.append(other.name)
	s.extra_consents.append(other_consent.name)

	with f.as_user(s.coordinator):
		s.parent = invite(child.name, child.relations[0].name)
		s.mother = invite(child.name, child.relations[1].name)
	s.other_parent = invite(other.name, other.relations[0].name)
	s.users += [s.parent, s.mother, s.other_parent]
	for user in s.users:
		update_password(user, PASSWORD)

	# The conversation: a private message to the coordinator, an open one, and one the mother withdrew.
	with f.as_user(s.parent):
		s.private = api.post_message(
			s.group,
			"Legeerklæringen ligger ved.",
			only_to_coordinator=1,
			documents=[("lege.pdf", SECRET_PDF)],
		)
		s.open = api.post_message(
			s.group, "Timeplanen ligger ved.", documents=[("time.pdf", pdf("timeplan"))]
		)
	with f.as_user(s.mother):
		s.withdrawn = api.post_message(
			s.group, "Feil vedlegg: psykolograpport", documents=[("psykolog.pdf", pdf("psykolograpport"))]
		)
		api.withdraw_message(s.withdrawn)
	for key in ("private", "open", "withdrawn"):
		file = frappe.get_doc("File", frappe.get_doc("Group Message", s[key]).attachments[0].file)
		s[f"{key}_file"], s[f"{key}_url"] = file.name, file.file_url
		s[f"{key}_row"] = frappe.get_doc("Group Message", s[key]).attachments[0].name
		s.files.append(file.name)


def remove(s):
	groups = [g for g in (s.get("group"), s.get("closed"), s.get("other_group")) if g]
	messages = frappe.get_all("Group Message", {"group": ("in", groups or ["-"])}, pluck="name")
	if messages:
		frappe.db.delete("Group Message Attachment", {"parent": ("in", messages)})
		frappe.db.delete("Group Message Read", {"message": ("in", messages)})
		frappe.db.delete("Group Message", {"name": ("in", messages)})
	for doctype in ("Group Member", "Meeting Minutes", "Individual Plan", package.PACKAGE_DOCTYPE):
		f.delete_records(doctype, {"group": ("in", groups or ["-"])})
	files = frappe.get_all(
		"File",
		or_filters={"name": ("in", s.get("files") or ["-"]), "attached_to_name": ("in", groups or ["-"])},
		fields=["name", "file_url"],
	)
	for file in files:
		path = disk_path(file.file_url)
		if path and os.path.exists(path):
			os.remove(path)
	frappe.db.delete("File", {"name": ("in", [file.name for file in files] or ["-"])})
	f.delete_records("Responsibility Group", {"name": ("in", groups or ["-"])})
	f.delete_records("Consent", {"name": ("in", [s.get("consent"), *(s.get("extra_consents") or [])])})
	f.delete_records("Service User", {"name": ("in", [s.get("child"), *(s.get("extra_people") or [])])})
	f.delete_records("Service Unit", {"name": ("in", s.get("units") or ["-"])})
	f.delete_users(s.get("users"))


def disk_path(url: str | None) -> str | None:
	if not url or not url.startswith(("/files/", "/private/files/")):
		return None
	private = url.startswith("/private/")
	return frappe.get_site_path("private" if private else "public", "files", url.rsplit("/", 1)[-1])


def files_on_disk() -> int:
	return sum(len(os.listdir(frappe.get_site_path(p, "files"))) for p in ("private", "public"))


def fresh():
	"""Read what the web server committed (a new snapshot for this connection)."""
	frappe.db.rollback()


def count(filters=None) -> int:
	fresh()
	return frappe.db.count("File", filters)


class Web(f.WebSession):
	def __init__(self, user: str):
		super().__init__(user, PASSWORD)

	def delete(self, path: str):
		return self.session.delete(get_url(path))

	def upload(self, doctype: str, name: str, file_name: str, content: bytes):
		"""The desk's attach button (``upload_file``)."""
		return self.post(
			"/api/method/upload_file",
			files={"file": (file_name, content, "application/pdf")},
			doctype=doctype,
			docname=name,
			is_private="1",
		)


class FilesAttack(FrappeTestCase):
	sessions: dict = {}

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.local.message_log = []

	def tearDown(self):
		frappe.set_user("Administrator")

	def web(self, user: str) -> Web:
		if user not in FilesAttack.sessions:
			FilesAttack.sessions[user] = Web(user)
		return FilesAttack.sessions[user]

	def refused(self, response, *secrets: bytes, what: str = ""):
		ATTEMPTS[0] += 1
		self.assertIn(
			response.status_code, (403, 404, 417), f"{what}: {response.status_code} {response.text[:300]}"
		)
		for secret in secrets:
			self.assertNotIn(secret, response.content, what)

	def allowed(self, response, what: str = ""):
		ATTEMPTS[0] += 1
		self.assertEqual(response.status_code, 200, f"{what}: {response.text[:300]}")
		return response

	def assertUnchanged(self, before: tuple, what: str):
		self.assertEqual(self.snapshot(), before, f"{what}: a File row or a file on disk was written")

	@staticmethod
	def snapshot() -> tuple:
		return count(), files_on_disk()


class TestPointingAtFiles(FilesAttack):
	"""A File row at someone else's file, or at any file of the site, is no way to read it."""

	def test_r5_nobody_makes_a_file_row_to_read_another_familys_document(self):
		targets = {
			"a message's document": (S.private_url, SECRET_PDF),
			"a group's received document": (S.group_file.file_url, b"skolerapport"),
			"an archive package": (S.package_url, b"PK"),
		}
		for who, user in {
			"participant of another group": S.other_member,
			"portal parent": S.other_parent,
		}.items():
			web = self.web(user)
			for kind, (url, secret) in targets.items():
				before = self.snapshot()
				at_url = count({"file_url": url})
				what = f"{who}, {kind}"
				self.refused(
					web.post("/api/resource/File", data={"file_url": url, "is_private": 1}),
					what=f"{what}: REST",
				)
				self.refused(
					web.post("/api/method/upload_file", file_url=url, is_private="1"), what=f"{what}: upload"
				)
				victim = frappe.db.get_value("File", {"file_url": url}, "name")
				self.refused(
					web.call(
						"frappe.utils.file_manager.add_attachments",
						doctype="ToDo",
						name="x",
						attachments=[victim],
					),
					what=f"{what}: add_attachments",
				)
				self.refused(
					web.post("/api/method/upload_file", library_file_name=victim, is_private="1"),
					what=f"{what}: from the library",
				)
				# the bare name of the file on disk, and the site's own address of it
				self.refused(
					web.post(
						"/api/resource/File", data={"file_name": url.rsplit("/", 1)[-1], "is_private": 1}
					),
					what=f"{what}: by file name",
				)
				self.refused(
					web.post("/api/resource/File", data={"file_url": get_url(url), "is_private": 1}),
					what=f"{what}: by the site's address",
				)
				# an Attach field's value makes Frappe insert a File row for it
				web.set_value("User", user, "user_image", url)
				self.assertEqual(count({"file_url": url}), at_url, f"{what}: a second File row at the URL")
				self.assertUnchanged(before, what)
				self.refused(web.get(url), secret, what=f"{what}: download")
				self.refused(
					web.get("/api/method/frappe.handler.download_file", file_url=url), secret, what=what
				)

	def test_r5_no_file_url_reaches_outside_the_files_folders(self):
		site_config = frappe.get_site_path("site_config.json")
		db_name = frappe.conf.db_name.encode()
		urls = (
			"/private/files/../../site_config.json",
			"/private/files/../../private/backups",
			"/files/../../site_config.json",
			"/private/files/%2e%2e/%2e%2e/site_config.json",
			"/private/files/..%2f..%2fsite_config.json",
			"/private/files/lege\x00.pdf",
			"/private/files/lege\n.pdf",
			"/private/files/lege\u2028.pdf",
			"/private/files/sub/lege.pdf",
			"/private/files\\..\\..\\site_config.json",
			"/etc/passwd",
			f"{get_url()}/private/files/../../site_config.json",
		)
		self.assertTrue(os.path.exists(site_config))
		for user in (S.coordinator, S.teacher, S.ke, S.other_parent):
			web = self.web(user)
			for url in urls:
				before = self.snapshot()
				response = web.post("/api/resource/File", data={"file_url": url, "is_private": 1})
				self.refused(response, db_name, what=f"{user} {url!r}")
				self.refused(
					web.post("/api/method/upload_file", file_url=url, is_private="1"),
					db_name,
					what=f"{user} {url!r}",
				)
				self.assertUnchanged(before, f"{user} {url!r}")
			for name in ("../../site_config.json", "..", "site_config.json"):
				before = self.snapshot()
				response = web.post("/api/resource/File", data={"file_name": name, "is_private": 1})
				self.refused(response, db_name, what=f"{user} file name {name!r}")
				self.assertUnchanged(before, f"{user} file name {name!r}")

	def test_r5_a_file_row_made_elsewhere_at_a_documents_url_grants_nothing(self):
		"""A row pointing at a message's document that is not the message's own (made before these rules, or
		by System Manager) gives its owner nothing."""
		copy = frappe.get_doc({"doctype": "File", "file_url": S.private_url, "is_private": 1}).insert()
		frappe.db.set_value("File", copy.name, "owner", S.other_member, update_modified=False)
		frappe.db.commit()
		try:
			web = self.web(S.other_member)
			self.refused(web.get(S.private_url), SECRET_PDF, what="the copy's owner downloads")
			self.refused(web.get(S.private_url, fid=copy.name), SECRET_PDF, what="by the copy's id")
			self.refused(web.get(f"/api/resource/File/{copy.name}"), what="reads the copy")
		finally:
			frappe.db.delete("File", {"name": copy.name})  # the file on disk is the message's
			frappe.db.commit()

	def test_r5_frappes_zip_of_files_reads_each_as_every_other_road(self):
		response = self.web(S.teacher).get(
			"/api/method/frappe.core.api.file.zip_files", files=[S.private_file, S.open_file]
		)
		if response.ok:
			ATTEMPTS[0] += 1
			with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
				contents = b"".join(archive.read(name) for name in archive.namelist())
			self.assertNotIn(SECRET_PDF, contents, "the member zips the private thread's document")
		else:
			self.refused(response, what="zip_files")

	def test_r5_a_file_the_user_may_read_is_still_attached_from_the_library(self):
		"""Allowed: the coordinator attaches their group's document to another record of the group."""
		url = S.group_file.file_url
		with self.set_user(S.coordinator):
			file = frappe.get_doc(
				{
					"doctype": "File",
					"file_url": url,
					"attached_to_doctype": "Responsibility Group",
					"attached_to_name": S.group,
					"is_private": 1,
				}
			).insert()
		self.assertEqual(file.file_url, url)
		with self.set_user(S.other_coordinator), self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "File", "file_url": url, "is_private": 1}).insert()
		frappe.db.rollback()


class TestArchivePackageFile(FilesAttack):
	"""The package's ZIP follows the Archive Package: never the group it is attached to."""

	def test_r19_the_zip_is_read_only_by_who_may_read_the_package(self):
		for role, user in {"KE": S.ke, "unit leader": S.leader, "member": S.teacher}.items():
			web = self.web(user)
			self.refused(web.get(S.package_url), b"PK", what=f"{role} downloads the ZIP")
			self.refused(web.get(S.package_url, fid=S.package_file), b"PK", what=f"{role} by id")
			self.refused(web.get(f"/api/resource/File/{S.package_file}"), what=f"{role} reads its File")
			self.refused(
				web.get("/api/method/ansvarsgruppe.api.archive.download_package", name=S.package),
				what=f"{role} download_package",
			)
			docinfo = web.get(
				"/api/method/frappe.desk.form.load.getdoc", doctype="Responsibility Group", name=S.group
			)
			ATTEMPTS[0] += 1
			self.assertNotIn(S.package_url, docinfo.text, f"{role} sees the package among the attachments")
		for role, user in {
			"coordinator": S.coordinator,
			"Local Administrator": S.local_admin,
			"Archive": S.archivist,
		}.items():
			response = self.allowed(self.web(user).get(S.package_url), f"{role} downloads the ZIP")
			self.assertTrue(response.content.startswith(b"PK"), role)
		fresh()
		rows = [row for row in access_history(S.group) if row["record"] == S.package_file]
		self.assertIn(S.archivist, {row["user"] for row in rows}, "the download shows in Innsyn")
		self.assertEqual({row["kind"] for row in rows}, {DOWNLOADED})

	def test_r19_nobody_deletes_or_changes_the_package_file(self):
		before = self.snapshot()
		for role, user in {"coordinator": S.coordinator, "Local Administrator": S.local_admin}.items():
			web = self.web(user)
			self.refused(
				web.call("frappe.desk.form.utils.remove_attach", fid=S.package_file),
				what=f"{role} removes it",
			)
			self.refused(
				web.call("frappe.client.delete", doctype="File", name=S.package_file),
				what=f"{role} deletes it",
			)
			self.refused(web.delete(f"/api/resource/File/{S.package_file}"), what=f"{role} DELETE")
			for fieldname, value in (
				("attached_to_name", S.other_group),
				("is_private", 0),
				("file_url", S.open_url),
			):
				self.refused(
					web.set_value("File", S.package_file, fieldname, value), what=f"{role} sets {fieldname}"
				)
		self.assertUnchanged(before, "the package file")
		fresh()
		stored = frappe.db.get_value(
			"File", S.package_file, ["file_url", "attached_to_name", "is_private"], as_dict=True
		)
		self.assertEqual(
			(stored.file_url, stored.attached_to_name, stored.is_private), (S.package_url, S.group, 1)
		)
		self.assertTrue(os.path.exists(disk_path(S.package_url)))


class TestFinalRecordsKeepTheirFiles(FilesAttack):
	"""R4, R11, R16, R18: a final record takes no new file and loses none."""

	def final_records(self) -> dict:
		return {
			"closed group": ("Responsibility Group", S.closed, S.closed_file),
			"approved minutes": ("Meeting Minutes", S.minutes, S.minutes_file),
			"signed consent": ("Consent", S.consent, S.consent_file),
			"approved plan": ("Individual Plan", S.plan, S.plan_file),
		}

	def test_r16_no_file_is_added_to_a_final_record(self):
		web = self.web(S.coordinator)
		for kind, (doctype, name, _file) in self.final_records().items():
			attached = {"attached_to_doctype": doctype, "attached_to_name": name}
			before, on_record = self.snapshot(), count(attached)
			self.refused(web.upload(doctype, name, "nytt.pdf", pdf(kind)), what=f"uploads to the {kind}")
			self.refused(
				web.post(
					"/api/resource/File",
					data={"file_name": "nytt.txt", "content": "Nytt vedlegg", "is_private": 1, **attached},
				),
				what=f"inserts a file into the {kind}",
			)
			moved = {"attached_to_doctype": doctype, "attached_to_name": name}
			self.refused(
				web.call("frappe.client.set_value", doctype="File", name=S.group_file.name, fieldname=moved),
				what=f"moves a file onto the {kind}",
			)
			self.assertEqual(count(attached), on_record, kind)
			self.assertUnchanged(before, kind)

	def test_r16_no_file_is_taken_from_a_final_record(self):
		web = self.web(S.coordinator)
		for kind, (doctype, name, file) in self.final_records().items():
			attached = {"attached_to_doctype": doctype, "attached_to_name": name}
			before, on_record = self.snapshot(), count(attached)
			self.assertEqual(on_record, 1, kind)
			self.refused(
				web.call("frappe.desk.form.utils.remove_attach", fid=file), what=f"removes from the {kind}"
			)
			self.refused(
				web.call("frappe.client.delete", doctype="File", name=file), what=f"deletes from the {kind}"
			)
			self.refused(web.delete(f"/api/resource/File/{file}"), what=f"DELETE from the {kind}")
			self.refused(
				web.set_value("File", file, "attached_to_name", S.group), what=f"moves off the {kind}"
			)
			self.assertEqual(count(attached), on_record, kind)
			self.assertUnchanged(before, kind)
		# nor by the System Manager: the record is kept as it was
		with self.assertRaises(frappe.ValidationError):
			frappe.delete_doc("File", S.closed_file)
		frappe.db.rollback()


class TestWithdrawnMessage(FilesAttack):
	"""R19: a withdrawn message and its document are read by its sender and the coordinator alone."""

	def test_r19_a_withdrawn_message_is_read_by_its_sender_and_the_coordinator_only(self):
		secret = b"psykolograpport"
		for role, user in {
			"member": S.teacher,
			"other parent": S.parent,
			"unit leader": S.leader,
			"KE": S.ke,
		}.items():
			web = self.web(user)
			self.refused(web.get(S.withdrawn_url), secret, what=f"{role} by the file URL")
			self.refused(web.get(S.withdrawn_url, fid=S.withdrawn_file), secret, what=f"{role} by id")
			self.refused(web.get(f"/api/resource/File/{S.withdrawn_file}"), what=f"{role} reads the File")
			self.refused(
				web.get(f"/api/resource/Group Message/{S.withdrawn}"),
				secret,
				what=f"{role} reads the message",
			)
			self.refused(
				web.get("/api/method/ansvarsgruppe.api.messages.document", attachment=S.withdrawn_row),
				secret,
				what=f"{role} downloads it",
			)
			conversation = web.get("/api/method/ansvarsgruppe.api.messages.get_conversation", group=S.group)
			ATTEMPTS[0] += 1
			self.assertNotIn(b"Feil vedlegg", conversation.content, role)
		for role, user in {"sender": S.mother, "coordinator": S.coordinator}.items():
			web = self.web(user)
			response = self.allowed(web.get(S.withdrawn_url), f"{role} by the file URL")
			self.assertIn(secret, response.content)
			self.allowed(
				web.get("/api/method/ansvarsgruppe.api.messages.document", attachment=S.withdrawn_row),
				f"{role} downloads it",
			)
		self.allowed(self.web(S.coordinator).get(f"/api/resource/Group Message/{S.withdrawn}"))


class TestAllowed(FilesAttack):
	"""What the rules allow keeps working."""

	def test_r19_the_coordinator_attaches_to_an_open_group_and_members_read_it(self):
		before = count({"attached_to_name": S.group})
		response = self.allowed(
			self.web(S.coordinator).upload(
				"Responsibility Group", S.group, "innkalling.pdf", pdf("innkalling")
			),
			"the coordinator attaches a file to the open group",
		)
		file = response.json()["message"]
		self.assertEqual(count({"attached_to_name": S.group}), before + 1)
		for user in (S.coordinator, S.teacher, S.leader, S.ke):
			self.assertTrue(
				self.allowed(self.web(user).get(file["file_url"]), user).content.startswith(b"%PDF")
			)
		for user in (S.other_member, S.other_coordinator, S.parent):
			self.refused(self.web(user).get(file["file_url"]), what=user)
		# nobody who may not change the group attaches to it or removes from it
		for user in (S.teacher, S.ke, S.other_coordinator):
			self.refused(
				self.web(user).upload("Responsibility Group", S.group, "fra-andre.pdf", pdf(user)),
				what=f"{user} attaches",
			)
			self.refused(
				self.web(user).call("frappe.desk.form.utils.remove_attach", fid=file["name"]),
				what=f"{user} removes",
			)
		self.assertEqual(count({"attached_to_name": S.group}), before + 1)
		self.allowed(
			self.web(S.coordinator).call("frappe.desk.form.utils.remove_attach", fid=file["name"]),
			"the coordinator removes it again",
		)
		self.assertEqual(count({"attached_to_name": S.group}), before)

	def test_r19_a_member_reads_the_documents_of_the_messages_he_may_read(self):
		for user in (S.teacher, S.mother, S.coordinator):
			response = self.allowed(self.web(user).get(S.open_url), f"{user} by the file URL")
			self.assertTrue(response.content.startswith(b"%PDF"))
			self.allowed(
				self.web(user).get("/api/method/ansvarsgruppe.api.messages.document", attachment=S.open_row)
			)
		self.refused(self.web(S.teacher).get(S.private_url), SECRET_PDF, what="member, private thread")
		self.allowed(self.web(S.coordinator).get(S.private_url), "the coordinator, private thread")
