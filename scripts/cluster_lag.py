"""The replica-lag test of ``scripts/cluster test``: with the replica's replication held back on purpose
(``STOP SLAVE SQL_THREAD``), a consent withdrawn on the primary ends, at once and on both web servers, every
road its members used: lists (reportview and REST), the overview report, the record, its print, its file,
its conversation. Run with the bench's Python (it has ``requests``); exits 1 on any road still open."""

import argparse
import json
import secrets
import subprocess
import sys
import time

import requests

ROOT_PASSWORD = "root"


def replica_sql(cluster: str, query: str) -> str:
	return subprocess.run(
		[
			"mariadb",
			"--no-defaults",
			"-S",
			f"{cluster}/replica.sock",
			"-uroot",
			f"-p{ROOT_PASSWORD}",
			"-N",
			"-B",
			"-e",
			query,
		],
		check=True,
		capture_output=True,
		text=True,
	).stdout.strip()


def execute(bench: str, site: str, method: str, **kwargs):
	done = subprocess.run(
		["bench", "--site", site, "execute", method, "--kwargs", json.dumps(kwargs)],
		cwd=bench,
		capture_output=True,
		text=True,
	)
	if done.returncode:
		sys.exit(f"[lag] {method} failed:\n{done.stderr[-3000:]}")
	out = done.stdout.strip()
	return json.loads(out.splitlines()[-1]) if out else None


class Session:
	def __init__(self, port: int, site: str, user: str, password: str):
		self.base, self.user = f"http://127.0.0.1:{port}", user
		self.http = requests.Session()
		self.http.headers["Host"] = site
		response = self.http.post(f"{self.base}/api/method/login", data={"usr": user, "pwd": password})
		response.raise_for_status()

	def get(self, path: str, **params):
		params = {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in params.items()}
		return self.http.get(self.base + path, params=params)

	def post(self, path: str, **data):
		data = {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in data.items()}
		return self.http.post(self.base + path, data=data)


def roads(scene: dict) -> dict:
	"""Each road: (which user takes it, a function of the session answering whether the group shows)."""
	group, doctype = scene["group"], "Responsibility Group"

	def listed_reportview(s):
		r = s.post(
			"/api/method/frappe.desk.reportview.get", doctype=doctype, fields=["name"], limit_page_length=0
		)
		return r.ok and any(group in row for row in (r.json().get("message") or {}).get("values", []))

	def listed_rest(s):
		r = s.get(f"/api/resource/{doctype}", fields=["name"], limit_page_length=0)
		return r.ok and any(row.get("name") == group for row in r.json().get("data", []))

	def counted(s):
		r = s.post("/api/method/frappe.desk.reportview.get_count", doctype=doctype, filters={"name": group})
		return r.ok and r.json().get("message") == 1

	def report(s):
		r = s.post(
			"/api/method/frappe.desk.query_report.run",
			report_name="Responsibility Group Overview",
			filters={"status": "All"},
		)
		rows = (r.json().get("message") or {}).get("result", []) if r.ok else []
		return any(isinstance(row, dict) and row.get("name") == group for row in rows)

	def record(s):
		r = s.get(f"/api/resource/{doctype}/{group}")
		return r.ok and r.json().get("data", {}).get("name") == group

	def form(s):
		r = s.get("/api/method/frappe.desk.form.load.getdoc", doctype=doctype, name=group)
		return r.ok and any(d.get("name") == group for d in r.json().get("docs", []))

	def printed(s):
		r = s.get("/printview", doctype=doctype, name=group)
		return (
			r.status_code == 200
			and group in r.text
			and "Ingen tilgang" not in r.text
			and "Not Permitted" not in r.text
		)

	def file(s):
		r = s.get(scene["file_url"])
		return r.status_code == 200 and b"Notat fra" in r.content

	def messages(s):
		r = s.get("/api/method/ansvarsgruppe.api.messages.get_conversation", group=group)
		return r.ok and "Velkommen til gruppa." in r.text

	member = {
		"list (reportview.get)": listed_reportview,
		"list (REST)": listed_rest,
		"count (reportview.get_count)": counted,
		"record (REST)": record,
		"record (form load)": form,
		"print (printview)": printed,
		"file (/private/files)": file,
		"messages (get_conversation)": messages,
	}
	return {
		**{(name, "teacher"): check for name, check in member.items()},
		**{(name, "leader"): check for name, check in member.items()},
		("report Responsibility Group Overview", "leader"): report,
	}


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--bench", required=True)
	parser.add_argument("--cluster", required=True)
	parser.add_argument("--site", required=True)
	parser.add_argument("--ports", nargs="+", type=int, required=True)
	parser.add_argument("--admin-password", default="admin")
	args = parser.parse_args()
	started = time.monotonic()
	password = secrets.token_urlsafe(12) + "Aa1!"

	print(f"[lag] the scene on {args.site}'s primary")
	scene = execute(args.bench, args.site, "ansvarsgruppe.tests.cluster_scene.make", password=password)
	db = json.load(open(f"{args.bench}/sites/{args.site}/site_config.json"))["db_name"]
	for _ in range(100):
		if (
			replica_sql(
				args.cluster,
				f"select count(*) from `{db}`.`tabResponsibility Group` where name='{scene['group']}'",
			)
			== "1"
		):
			break
		time.sleep(0.1)
	else:
		sys.exit("[lag] the replica did not receive the scene")

	sessions = {
		(port, who): Session(port, args.site, user, password)
		for port in args.ports
		for who, user in scene["users"].items()
	}
	checks = roads(scene)
	failures = []
	for (port, who), session in sessions.items():
		for (road, taker), check in checks.items():
			if taker == who and not check(session):
				failures.append(f"before: {who} on :{port} does not see the group on {road}")
	if failures:
		print("\n".join(failures))
		sys.exit("[lag] the members do not see their group before the withdrawal: the test proves nothing")

	print("[lag] holding the replica back (STOP SLAVE SQL_THREAD) and withdrawing the consent on the primary")
	replica_sql(args.cluster, "STOP SLAVE SQL_THREAD")
	try:
		status = execute(
			args.bench, args.site, "ansvarsgruppe.tests.cluster_scene.withdraw", consent=scene["consent"]
		)
		stale = replica_sql(
			args.cluster, f"select status from `{db}`.`tabConsent` where name='{scene['consent']}'"
		)
		print(f"[lag] consent on the primary: {status}; on the replica: {stale}")
		if stale == status:
			sys.exit("[lag] the replica is not behind: the test proves nothing")
		# System Manager's lists still come from the replica: it really serves, and really lags.
		admin = Session(args.ports[0], args.site, "Administrator", args.admin_password)
		r = admin.post(
			"/api/method/frappe.desk.reportview.get",
			doctype="Consent",
			fields=["name", "status"],
			filters={"name": scene["consent"]},
		)
		print(
			f"[lag] the consent as System Manager's list reads it (from the replica): {r.json()['message']['values']}"
		)
		leaks = []
		for (port, who), session in sessions.items():
			for (road, taker), check in checks.items():
				if taker != who:
					continue
				shown = check(session)
				print(f"  {'LEAK' if shown else 'refused':8} {who:8} :{port}  {road}")
				if shown:
					leaks.append((who, port, road))
	finally:
		replica_sql(args.cluster, "START SLAVE SQL_THREAD")
	took = time.monotonic() - started
	if leaks:
		print(
			f"[lag] FAILED: {len(leaks)} road(s) still showed the group after the withdrawal ({took:.0f} s)"
		)
		sys.exit(1)
	print(
		f"[lag] passed: every road refused at once on {len(args.ports)} web servers while the replica lagged ({took:.0f} s)"
	)


if __name__ == "__main__":
	main()
