"""Backup and restore (R19: the records and their documents survive the server): the test site, with what
the suites before left in it and a private attachment and a public file of this test's own, is backed up
with ``bench backup --with-files`` and restored into a new site with ``bench restore --with-public-files
--with-private-files``; every DocType has as many rows, every public and private file the same checksum,
and the app's after-migrate steps leave the restored site unchanged."""

import glob
import hashlib
import json
import os
import shutil
import subprocess

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_bench_path, get_site_path

PRIVATE_TEXT = b"Vedlegg til ansvarsgruppen: kartlegging (privat)"


def add_files() -> list[str]:
	"""A private attachment to an open group and a public file, committed for the backup to take."""
	group = frappe.get_all(  # a closed group takes no new file
		"Responsibility Group", filters={"status": ("!=", "Closed")}, pluck="name", order_by="name", limit=1
	)[0]
	files = [
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "kartlegging.txt",
				"content": PRIVATE_TEXT,
				"is_private": 1,
				"attached_to_doctype": "Responsibility Group",
				"attached_to_name": group,
			}
		).insert(ignore_permissions=True),
		frappe.get_doc(
			{"doctype": "File", "file_name": "kommunevapen.txt", "content": b"Kommunevapen", "is_private": 0}
		).insert(ignore_permissions=True),
	]
	frappe.db.commit()
	return [file.name for file in files]


def snapshot():
	"""Print the site's rows per DocType, the last change of each of the app's DocTypes, the app's
	settings, and the checksum of every public and private file."""
	counts, changed = {}, {}
	for doctype, module in frappe.get_all(
		"DocType", filters={"issingle": 0, "is_virtual": 0}, fields=["name", "module"], as_list=True
	):
		if frappe.db.table_exists(doctype):
			counts[doctype] = frappe.db.count(doctype)
			if module == "Ansvarsgruppe":
				changed[doctype] = str(frappe.db.sql(f"select max(modified) from `tab{doctype}`")[0][0])
	singles = frappe.db.sql(  # the app's settings (Frappe's own restore notes itself in some of its own)
		"select doctype, field, value from tabSingles where doctype in "
		"(select name from tabDocType where module = 'Ansvarsgruppe' and issingle = 1) order by doctype, field"
	)
	files = {}
	for kind in ("public", "private"):
		root = get_site_path(kind, "files")
		for folder, _dirs, names in os.walk(root):
			for name in names:
				path = os.path.join(folder, name)
				with open(path, "rb") as f:
					files[f"{kind}/{os.path.relpath(path, root)}"] = hashlib.sha256(f.read()).hexdigest()
	print(
		"SNAPSHOT "
		+ json.dumps(
			{
				"counts": counts,
				"changed": changed,
				"singles": hashlib.sha256(repr(singles).encode()).hexdigest(),
				"files": files,
			}
		)
	)


class TestBackupRestore(FrappeTestCase):
	def setUp(self):
		self.bench = get_bench_path()
		self.source, self.target = frappe.local.site, f"restored-{frappe.generate_hash(length=6)}.localhost"
		self.addCleanup(self.drop, self.target)

	def bench_command(self, *args, site=None) -> str:
		command = [
			os.path.join(self.bench, "env", "bin", "python"),
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
		]
		command += ["--site", site, *args] if site else list(args)
		result = subprocess.run(
			command, cwd=os.path.join(self.bench, "sites"), capture_output=True, text=True, timeout=900
		)
		self.assertEqual(result.returncode, 0, f"{' '.join(args)}\n{result.stdout}\n{result.stderr}")
		return result.stdout

	def root_password(self) -> str:
		return frappe.conf.root_password or os.environ.get("DB_ROOT_PASSWORD") or "root"

	def drop(self, site):
		if os.path.isdir(os.path.join(self.bench, "sites", site)):
			self.bench_command(
				"drop-site", site, "--db-root-password", self.root_password(), "--force", "--no-backup"
			)
		shutil.rmtree(os.path.join(self.bench, "archived_sites", site), ignore_errors=True)

	def remove_file(self, name):
		frappe.delete_doc("File", name, force=True, ignore_permissions=True)
		frappe.db.commit()

	def snapshot(self, site) -> dict:
		out = self.bench_command("execute", "ansvarsgruppe.tests.test_backup_restore.snapshot", site=site)
		return json.loads(out.split("SNAPSHOT ", 1)[1].splitlines()[0])

	def test_r19_a_backup_with_files_restores_every_record_and_file_and_migrate_changes_nothing(self):
		root = self.root_password()
		for name in add_files():
			self.addCleanup(self.remove_file, name)
		before = self.snapshot(self.source)
		self.assertGreater(before["counts"]["Responsibility Group"], 0)
		self.assertTrue(any(path.startswith("private/") for path in before["files"]), "a private attachment")

		self.bench_command("backup", "--with-files", site=self.source)
		backups = os.path.join(self.bench, "sites", self.source, "private", "backups")
		self.addCleanup(shutil.rmtree, backups, ignore_errors=True)
		(database,) = glob.glob(os.path.join(backups, "*-database.sql.gz"))
		(private,) = glob.glob(os.path.join(backups, "*-private-files.tar"))
		(public,) = [path for path in glob.glob(os.path.join(backups, "*-files.tar")) if path != private]
		# The new site's folder with its own database name and password, as ``bench new-site`` begins it;
		# ``bench restore`` makes the database from the backup.
		os.makedirs(os.path.join(self.bench, "sites", self.target))
		with open(os.path.join(self.bench, "sites", self.target, "site_config.json"), "w") as f:
			json.dump(
				{
					"db_name": f"_{hashlib.sha1(self.target.encode()).hexdigest()[:16]}",
					"db_password": frappe.generate_hash(length=16),
					"db_type": "mariadb",
				},
				f,
			)
		self.bench_command(
			"restore",
			database,
			"--with-public-files",
			public,
			"--with-private-files",
			private,
			"--db-root-password",
			root,
			"--admin-password",
			frappe.generate_hash(length=12),
			site=self.target,
		)
		restored = self.snapshot(self.target)
		self.assertEqual(restored["counts"], before["counts"], "rows per DocType")
		self.assertEqual(restored["files"], before["files"], "public and private files")
		self.assertEqual(restored["changed"], before["changed"])
		self.assertEqual(restored["singles"], before["singles"])

		self.bench_command("execute", "ansvarsgruppe.setup.install.after_migrate", site=self.target)
		self.assertEqual(self.snapshot(self.target), restored, "the app's after-migrate steps change nothing")
