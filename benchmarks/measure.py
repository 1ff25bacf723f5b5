"""The measurements behind ``benchmarks/run`` (issue #9). Run with the bench's Python from its sites folder:

	cd $BENCH/sites && ../env/bin/python $APP/benchmarks/measure.py --site SITE --out RESULTS.json STEP [ARGS]

Steps (each appends its figures to RESULTS.json; ``report`` prints the table):
	alerts SIZE      P2: the daily alert jobs, SQL queries and wall time, at the site's current size
	list             P1: Responsibility Group list for a Group Participant vs Administrator, and EXPLAIN
	family PASSWORD  a portal family (parent with a password), as the browser tests make it
	portal PORT_BASE P3: /mine-ansvarsgrupper vs /me, 20 concurrent clients against gunicorn on 127.0.0.1
	pdf PORT         P4: the minutes PDF vs a ToDo PDF of the same text (a server must serve host_name)
	report           the table

Every figure is a ratio against Frappe's own equivalent measured in the same run. Nothing here is part of
the normal test run.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import frappe

SITE = None
OUT = None
CLIENTS = 20
REQUESTS = 400  # per page, after a warm-up of CLIENTS requests
LIST_RUNS = 60
PDF_RUNS = 5
LIST_FIELDS = ["name", "status", "service_user_name", "coordinator_name", "next_meeting_date"]


def connect():
	frappe.init(site=SITE, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")


def save(key, value):
	data = json.loads(Path(OUT).read_text()) if Path(OUT).exists() else {}
	data[key] = value
	Path(OUT).write_text(json.dumps(data, indent=1, default=str))


def load():
	return json.loads(Path(OUT).read_text()) if Path(OUT).exists() else {}


# --- P2: daily alert jobs -----------------------------------------------------------------------------


@contextmanager
def counted_sql():
	"""Count every statement sent through frappe.db.sql (the query builder's .run() goes through it)."""
	count = [0]
	original = frappe.db.sql

	def sql(*args, **kwargs):
		count[0] += 1
		return original(*args, **kwargs)

	frappe.db.sql = sql
	try:
		yield count
	finally:
		del frappe.db.sql  # back to the class's method


JOBS = {
	"app": "ansvarsgruppe.tasks.alerts.send_daily_alerts",
	"frappe": "frappe.email.doctype.notification.notification.trigger_daily_alerts",
}


def run_job(path):
	sent_before = frappe.db.count("Sent Alert")
	with counted_sql() as count:
		start = time.perf_counter()
		frappe.get_attr(path)()
		elapsed = time.perf_counter() - start
	frappe.db.commit()
	return {"queries": count[0], "seconds": elapsed, "sent": frappe.db.count("Sent Alert") - sent_before}


def step_alerts(size):
	from ansvarsgruppe.tests.factories import ensure_outgoing_email_account

	ensure_outgoing_email_account()  # alerts land in the Email Queue; nothing flushes it
	frappe.db.commit()
	groups = frappe.db.count("Responsibility Group")
	result = {"groups": groups}
	for label, path in JOBS.items():
		# First run: sends what is due at this size; second run: the same day again (the steady state,
		# nothing new to send), which is what a fixed-cost job must keep constant.
		result[label] = {"first": run_job(path), "again": run_job(path)}
	print(json.dumps(result, indent=1))
	data = load().get("alerts", {})
	data[str(size)] = result
	save("alerts", data)


# --- P1: list API -----------------------------------------------------------------------------------


def busiest_participant():
	from ansvarsgruppe.rules import status as st

	return frappe.db.sql(
		"""select m.user, count(*) from `tabGroup Member` m
		join `tabHas Role` r on r.parent = m.user and r.parenttype = 'User' and r.role = 'Group Participant'
		where m.status in %s group by m.user order by count(*) desc limit 1""",
		[[st.MEMBER_APPROVED, st.MEMBER_ACTIVE]],
	)[0]


def list_call(user):
	from frappe.client import get_list

	frappe.set_user(user)
	try:
		return get_list("Responsibility Group", fields=LIST_FIELDS, limit_page_length=20)
	finally:
		frappe.set_user("Administrator")


def timed(fn, *args):
	start = time.perf_counter()
	fn(*args)
	return time.perf_counter() - start


def step_list():
	user, memberships = busiest_participant()
	for _ in range(5):  # warm the caches (meta, roles) for both
		list_call(user), list_call("Administrator")
	admin, participant = [], []
	for _ in range(LIST_RUNS):  # interleaved, so drift hits both alike
		admin.append(timed(list_call, "Administrator"))
		participant.append(timed(list_call, user))
	rows = len(list_call(user))
	frappe.set_user(user)
	sql = frappe.get_list("Responsibility Group", fields=LIST_FIELDS, limit_page_length=20, run=0)
	frappe.set_user("Administrator")
	explain = frappe.db.sql("EXPLAIN " + sql, as_dict=True)
	member_rows = [r for r in explain if (r.get("table") or "").startswith("perm_member")]
	# The lookup is by user: an index whose key is on perm_member.user (not reached through the group).
	user_keys = {
		r.Key_name
		for r in frappe.db.sql("show index from `tabGroup Member`", as_dict=True)
		if r.Column_name == "user" and r.Seq_in_index == 1
	}
	index_used = any(r.get("key") in user_keys for r in member_rows)
	result = {
		"user": user,
		"memberships": memberships,
		"rows": rows,
		"admin_median": statistics.median(admin),
		"participant_median": statistics.median(participant),
		"ratio": statistics.median(participant) / statistics.median(admin),
		"sql": sql,
		"explain": [dict(r) for r in explain],
		"member_index_used": index_used,
		"member_keys": [r.get("key") for r in member_rows],
	}
	print("P1 query:\n" + sql + "\n\nEXPLAIN:")
	print_explain(explain)
	print(
		f"\nmembership lookup by user (perm_member) uses an index on user: {index_used} ({result['member_keys']})"
	)
	save("list", result)


def print_explain(rows):
	columns = [
		"id",
		"select_type",
		"table",
		"type",
		"possible_keys",
		"key",
		"key_len",
		"ref",
		"rows",
		"Extra",
	]
	table = [[str(r.get(c) if r.get(c) is not None else "NULL") for c in columns] for r in rows]
	widths = [max(len(c), *(len(row[i]) for row in table)) for i, c in enumerate(columns)]
	print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
	for row in table:
		print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


# --- P3: portal page under load ------------------------------------------------------------------------


def step_family(password):
	from ansvarsgruppe.tests.browser_fixtures import portal_families

	family = json.loads(portal_families(password))
	family["password"] = password
	save("family", family)


@contextmanager
def gunicorn(port, workers=2, command=None, cwd=None):
	"""frappe.app:application under gunicorn (sync workers) on 127.0.0.1:port; yields the master's pid."""
	log = open(f"/tmp/bench-ansvarsgruppe-gunicorn-{port}.log", "w")
	proc = subprocess.Popen(
		command
		or [
			os.path.join(sys.prefix, "bin", "gunicorn"),
			"-b",
			f"127.0.0.1:{port}",
			"-w",
			str(workers),
			"-t",
			"120",
			"frappe.app:application",
		],
		cwd=cwd,
		stdout=log,
		stderr=subprocess.STDOUT,
		start_new_session=True,
	)
	try:
		import requests

		for _ in range(60):
			try:
				if requests.get(
					f"http://127.0.0.1:{port}/api/method/ping", headers={"Host": SITE}, timeout=5
				).ok:
					break
			except requests.ConnectionError:
				pass
			time.sleep(1)
		else:
			raise RuntimeError(f"gunicorn did not start on port {port}; see {log.name}")
		yield proc.pid
	finally:
		os.killpg(proc.pid, signal.SIGTERM)
		proc.wait(timeout=30)
		log.close()


def worker_peak_rss_kb(master):
	peaks = []
	for pid in subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split():
		status = Path(f"/proc/{pid}/status").read_text()
		match = re.search(r"VmHWM:\s+(\d+) kB", status)
		if match:
			peaks.append(int(match.group(1)))
	return max(peaks, default=0)


def login(port, user, password):
	import requests

	response = requests.post(
		f"http://127.0.0.1:{port}/api/method/login",
		data={"usr": user, "pwd": password},
		headers={"Host": SITE},
		timeout=30,
	)
	response.raise_for_status()
	return response.cookies["sid"]


def load_page(port, path, sid, expect):
	import requests

	headers = {"Host": SITE, "Cookie": f"sid={sid}"}
	url = f"http://127.0.0.1:{port}{path}"

	def one(_):
		start = time.perf_counter()
		response = requests.get(url, headers=headers, timeout=120, allow_redirects=False)
		elapsed = time.perf_counter() - start
		if response.status_code != 200 or expect not in response.text:
			raise RuntimeError(f"{path}: HTTP {response.status_code}, {expect!r} not in the page")
		return elapsed

	with ThreadPoolExecutor(CLIENTS) as pool:
		list(pool.map(one, range(CLIENTS)))  # warm-up
		times = sorted(pool.map(one, range(REQUESTS)))
	return {
		"median": statistics.median(times),
		"p95": times[int(0.95 * len(times)) - 1],
		"requests": len(times),
	}


def step_portal(port_base):
	family = load()["family"]
	result = {}
	# One fresh server per page, so each worker's peak RSS belongs to that page alone.
	for offset, (label, path, expect) in enumerate(
		(("me", "/me", ""), ("mine", "/mine-ansvarsgrupper", family["group"]))
	):
		with gunicorn(port_base + offset) as master:
			sid = login(port_base + offset, family["parent"], family["password"])
			figures = load_page(port_base + offset, path, sid, expect)
			figures["peak_rss_kb"] = worker_peak_rss_kb(master)
		result[label] = figures
		print(label, figures)
	save("portal", result)


# --- P4: PDF ------------------------------------------------------------------------------------------


def step_pdf(port):
	# wkhtmltopdf fetches the print CSS and images from host_name; gunicorn alone serves no /assets,
	# `bench serve` does (as in scripts/test).
	command = ["bench", "--site", SITE, "serve", "--port", str(port), "--noreload"]
	with gunicorn(int(port), command=command, cwd=".."):
		pdf_figures()


def pdf_figures():
	import io

	from pypdf import PdfReader

	from ansvarsgruppe import printing
	from ansvarsgruppe.rules import status as st

	minutes = frappe.db.sql(
		"""select m.name from `tabMeeting Minutes` m
		left join `tabMeeting Agenda Item` a on a.parent = m.name and a.parenttype = 'Meeting Minutes'
		where m.status in %s group by m.name order by count(a.name) desc, m.name limit 1""",
		[list(st.MINUTES_FINAL)],
	)[0][0]
	html = frappe.get_print("Meeting Minutes", minutes, printing.MINUTES_FORMAT)
	body = re.sub(r"(?is)<(style|script)[^>]*>.*?</\1>", " ", html)
	text = [
		re.sub(r"\s+", " ", part).strip() for part in re.split(r"(?i)<(?:/p|br ?/?|/tr|/h\d|/li|/div)>", body)
	]
	text = [frappe.utils.escape_html(re.sub(r"<[^>]+>", "", t)).strip() for t in text]
	description = "".join(f"<p>{t}</p>" for t in text if t)
	todo = frappe.get_doc({"doctype": "ToDo", "description": description}).insert(ignore_permissions=True)
	frappe.db.commit()

	def minutes_pdf():
		return printing.get_pdf("Meeting Minutes", minutes, printing.MINUTES_FORMAT, ignore_permissions=True)

	def todo_pdf():
		return frappe.get_print("ToDo", todo.name, "Standard", as_pdf=True, pdf_options={"page-size": "A4"})

	pages = {
		label: len(PdfReader(io.BytesIO(fn())).pages)
		for label, fn in (("minutes", minutes_pdf), ("todo", todo_pdf))
	}  # also the warm-up
	times = {"minutes": [], "todo": []}
	for _ in range(PDF_RUNS):
		times["minutes"].append(timed(minutes_pdf))
		times["todo"].append(timed(todo_pdf))
	result = {
		"minutes": minutes,
		"todo": todo.name,
		"pages": pages,
		"text_chars": len(description),
		"minutes_median": statistics.median(times["minutes"]),
		"todo_median": statistics.median(times["todo"]),
	}
	print(result)
	save("pdf", result)


# --- The table ----------------------------------------------------------------------------------------


def step_report():
	data = load()
	rows = [("Measure", "App", "Frappe's own", "Ratio", "Target", "Met")]

	def add(measure, app, base, ratio, target, met):
		rows.append((measure, app, base, f"{ratio:.2f}×" if ratio is not None else "-", target, met))

	if "list" in data:
		d = data["list"]
		add(
			f"P1 list API, first page ({d['memberships']} memberships)",
			f"{d['participant_median'] * 1000:.1f} ms",
			f"{d['admin_median'] * 1000:.1f} ms (Administrator)",
			d["ratio"],
			"≤ 1.3×",
			"yes" if d["ratio"] <= 1.3 else "NO",
		)
		add(
			"P1 membership lookup uses an index on user",
			", ".join(str(k) for k in d["member_keys"]) or "-",
			"",
			None,
			"index",
			"yes" if d["member_index_used"] else "NO",
		)
	alerts = data.get("alerts", {})
	if alerts:
		sizes = sorted(alerts, key=int)
		small = alerts[sizes[0]]
		for job in JOBS:
			for run in ("first", "again"):
				base = small[job][run]["queries"]
				for size in sizes:
					figures = alerts[size][job][run]
					ratio = figures["queries"] / base if base else None
					add(
						f"P2 {job} daily job, {run} run, {alerts[size]['groups']} groups: SQL queries"
						f" ({figures['sent']} sent)",
						str(figures["queries"]),
						f"{base} (same job at {small['groups']} groups)",
						ratio,
						"1.00×",
						"yes" if figures["queries"] == base else "NO",
					)
		largest = alerts[sizes[-1]]
		total = sum(largest[job][run]["seconds"] for job in JOBS for run in ("first",))
		add(
			f"P2 daily jobs wall time, {largest['groups']} groups (first run, both jobs)",
			f"{total:.2f} s",
			"5 s budget",
			total / 5,
			"≤ 5 s",
			"yes" if total <= 5 else "NO",
		)
	if "portal" in data:
		me, mine = data["portal"]["me"], data["portal"]["mine"]
		for stat in ("median", "p95"):
			ratio = mine[stat] / me[stat]
			add(
				f"P3 /mine-ansvarsgrupper {stat}, {CLIENTS} clients",
				f"{mine[stat] * 1000:.0f} ms",
				f"{me[stat] * 1000:.0f} ms (/me)",
				ratio,
				"≤ 1.5×",
				"yes" if ratio <= 1.5 else "NO",
			)
		add(
			"P3 peak RSS of the serving worker",
			f"{mine['peak_rss_kb'] / 1024:.0f} MiB",
			f"{me['peak_rss_kb'] / 1024:.0f} MiB (/me)",
			mine["peak_rss_kb"] / me["peak_rss_kb"],
			"-",
			"",
		)
	if "pdf" in data:
		d = data["pdf"]
		ratio = d["minutes_median"] / d["todo_median"]
		add(
			f"P4 minutes PDF ({d['pages']['minutes']} p.) vs ToDo PDF ({d['pages']['todo']} p.)",
			f"{d['minutes_median']:.2f} s",
			f"{d['todo_median']:.2f} s (ToDo)",
			ratio,
			"≤ 1.5×",
			"yes" if ratio <= 1.5 else "NO",
		)
	widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
	print()
	for i, row in enumerate(rows):
		print(" | ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
		if i == 0:
			print("-+-".join("-" * w for w in widths))
	print(f"\nMachine: {os.cpu_count()} cores")


def main():
	global SITE, OUT
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--out", required=True)
	parser.add_argument("step")
	parser.add_argument("args", nargs="*")
	args = parser.parse_args()
	SITE, OUT = args.site, args.out
	if args.step == "report":
		return step_report()
	connect()
	try:
		steps = {
			"alerts": step_alerts,
			"list": step_list,
			"family": step_family,
			"portal": lambda port: step_portal(int(port)),
			"pdf": step_pdf,
		}
		steps[args.step](*args.args)
		frappe.db.commit()
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
